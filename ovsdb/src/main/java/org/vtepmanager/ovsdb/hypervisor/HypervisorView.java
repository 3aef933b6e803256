package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.TableCache;

/** Read-only questions about one hypervisor's Open_vSwitch database, answered from the monitor cache. */
final class HypervisorView {

    private final TableCache cache;

    HypervisorView(TableCache cache) {
        this.cache = cache;
    }

    Map<UUID, Row> rows(String table) {
        return cache.rows(table);
    }

    Optional<UUID> openVswitchRow() {
        return rows(Vswitch.OPEN_VSWITCH).keySet().stream().findFirst();
    }

    /** {@code external_ids:system-id}, the hypervisor's stable identity (set by every OVS distribution). */
    Optional<String> systemId() {
        return openVswitch().map(row -> Rows.map(row, "external_ids").get("system-id"));
    }

    /** {@code other_config:local_ip}: the tunnel source address, by the OpenStack/OpenDaylight convention. */
    Optional<String> localIp() {
        return openVswitch().map(row -> Rows.map(row, "other_config").get("local_ip"));
    }

    Optional<UUID> bridgeNamed(String name) {
        return named(Vswitch.BRIDGE, name);
    }

    Optional<UUID> portNamed(String name) {
        return named(Vswitch.PORT, name);
    }

    Row row(String table, UUID uuid) {
        return rows(table).get(uuid);
    }

    private Optional<Row> openVswitch() {
        return rows(Vswitch.OPEN_VSWITCH).values().stream().findFirst();
    }

    private Optional<UUID> named(String table, String name) {
        return rows(table).entrySet().stream().filter(e -> name.equals(Rows.string(e.getValue(), "name")))
                .map(Map.Entry::getKey).findFirst();
    }
}

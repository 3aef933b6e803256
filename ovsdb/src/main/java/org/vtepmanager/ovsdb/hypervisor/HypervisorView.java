package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.TableCache;
import org.vtepmanager.ovsdb.session.TableIndex;

/**
 * Read-only questions about one hypervisor's Open_vSwitch database, answered from the monitor cache.
 *
 * <p>Columns read by row UUID are converted once per row version: a monitor update replaces a row's object, so a
 * conversion holds for as long as the cache holds the same object. Every pass reads every tunnel port's columns and
 * most passes find them unchanged; at 200 hypervisors a mesh change otherwise converted 200 × 200 ports' columns
 * three times over on the events thread.
 */
final class HypervisorView {

    private final TableCache cache;
    private final Map<UUID, Converted> converted = new HashMap<>();
    private final TableIndex<Map<String, UUID>> portsByName;
    private BridgePorts bridgePorts;

    private record Converted(Row row, Map<String, Object> columns) {
    }

    /** One of our tunnel ports as the tables hold it: the VTEP it is stamped for, and its interfaces. */
    record TunnelPort(UUID uuid, String name, String remoteVtep, List<TunnelInterface> interfaces) {
    }

    /**
     * @param error what ovs-vswitchd wrote when it could not create the interface ("" when it could)
     * @param retriedFor the error the manager last made ovs-vswitchd try again for ("" when none)
     * @param bfdStatus its BFD session as ovs-vswitchd reports it (empty while BFD is not enabled on it)
     */
    record TunnelInterface(UUID uuid, String name, String type, Map<String, String> options, String error,
            String retriedFor, Map<String, String> bfdStatus) {
    }

    /** A bridge's ports, ours for tunnels and the others, and the versions of the tables they were read from. */
    private record BridgePorts(UUID bridge, long bridges, long ports, long interfaces, List<TunnelPort> tunnels,
            List<UUID> others) {
    }

    HypervisorView(TableCache cache) {
        this.cache = cache;
        this.portsByName = new TableIndex<>(cache, Vswitch.PORT, rows -> {
            Map<String, UUID> byName = new HashMap<>();
            rows.forEach((uuid, row) -> byName.putIfAbsent(Rows.string(row, "name"), uuid));
            return byName;
        });
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
        return Optional.ofNullable(portsByName.get().get(name));
    }

    /**
     * Our tunnel ports on {@code bridge}, read again only when the Bridge, Port or Interface table changed. Every
     * mesh change plans every hypervisor, and between its own transactions a hypervisor's tables stand still: at
     * 200 hypervisors, reading every port's columns at every plan was most of the cost of one more joining.
     */
    List<TunnelPort> tunnelPorts(UUID bridge) {
        return bridgePorts(bridge).tunnels();
    }

    /** The ports on {@code bridge} that are not our tunnels (VMs', the bridge's own), read as {@link #tunnelPorts}. */
    List<UUID> otherPorts(UUID bridge) {
        return bridgePorts(bridge).others();
    }

    private BridgePorts bridgePorts(UUID bridge) {
        BridgePorts known = bridgePorts;
        long bridges = cache.version(Vswitch.BRIDGE);
        long ports = cache.version(Vswitch.PORT);
        long interfaces = cache.version(Vswitch.INTERFACE);
        if (known == null || !known.bridge().equals(bridge) || known.bridges() != bridges || known.ports() != ports
                || known.interfaces() != interfaces) {
            known = readBridgePorts(bridge, bridges, ports, interfaces);
            bridgePorts = known;
        }
        return known;
    }

    private BridgePorts readBridgePorts(UUID bridge, long bridges, long ports, long interfaces) {
        List<TunnelPort> tunnels = new ArrayList<>();
        List<UUID> others = new ArrayList<>();
        for (UUID port : uuids(Vswitch.BRIDGE, bridge, "ports")) {
            if (row(Vswitch.PORT, port) == null) {
                continue;
            }
            if (!ownedAs(Vswitch.PORT, port, Vswitch.OWNER_TUNNEL)) {
                others.add(port);
                continue;
            }
            List<TunnelInterface> held = uuids(Vswitch.PORT, port, "interfaces").stream()
                    .filter(iface -> row(Vswitch.INTERFACE, iface) != null)
                    .map(iface -> new TunnelInterface(iface, string(Vswitch.INTERFACE, iface, "name"),
                            string(Vswitch.INTERFACE, iface, "type"), map(Vswitch.INTERFACE, iface, "options"),
                            string(Vswitch.INTERFACE, iface, "error"),
                            map(Vswitch.INTERFACE, iface, "external_ids").getOrDefault(Vswitch.RETRIED, ""),
                            map(Vswitch.INTERFACE, iface, "bfd_status")))
                    .toList();
            tunnels.add(new TunnelPort(port, string(Vswitch.PORT, port, "name"),
                    map(Vswitch.PORT, port, "external_ids").getOrDefault(HypervisorReconciler.REMOTE_VTEP, ""), held));
        }
        return new BridgePorts(bridge, bridges, ports, interfaces, List.copyOf(tunnels), List.copyOf(others));
    }

    /**
     * A vxlan interface not made by us that tunnels to {@code remote} from {@code local}: with the same key and port,
     * ovs-vswitchd refuses a second one ("File exists"), which is then ours if it came later. One without a
     * {@code local_ip} is another tunnel to ovs-vswitchd than ours with one.
     */
    Optional<String> foreignTunnelTo(String remote, Optional<String> local) {
        return rows(Vswitch.INTERFACE).values().stream()
                .filter(row -> "vxlan".equals(Rows.string(row, "type")))
                .filter(row -> !Vswitch.OWNER_TUNNEL.equals(Rows.map(row, "external_ids").get(Vswitch.OWNER)))
                .filter(row -> remote.equals(Rows.map(row, "options").get("remote_ip"))
                        && local.equals(Optional.ofNullable(Rows.map(row, "options").get("local_ip"))))
                .map(row -> Rows.string(row, "name")).sorted().findFirst();
    }

    Row row(String table, UUID uuid) {
        return rows(table).get(uuid);
    }

    /** A string column of a row ("" when the row or the value is absent). */
    String string(String table, UUID uuid, String column) {
        return column(table, uuid, column, Rows::string, "");
    }

    Map<String, String> map(String table, UUID uuid, String column) {
        return column(table, uuid, column, (row, name) -> Map.copyOf(Rows.map(row, name)), Map.of());
    }

    Set<UUID> uuids(String table, UUID uuid, String column) {
        return column(table, uuid, column, (row, name) -> Set.copyOf(Rows.uuids(row, name)), Set.of());
    }

    /** The row exists and carries our stamp for {@code purpose}. */
    boolean ownedAs(String table, UUID uuid, String purpose) {
        return purpose.equals(map(table, uuid, "external_ids").get(Vswitch.OWNER));
    }

    /** Forgets conversions of rows that are gone, once they outnumber the rows there are. */
    void forgetDeletedRows() {
        int rows = Vswitch.TABLES.stream().mapToInt(table -> rows(table).size()).sum();
        if (converted.size() > 2 * rows + 64) {
            converted.keySet().removeIf(uuid -> Vswitch.TABLES.stream().noneMatch(t -> rows(t).containsKey(uuid)));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T column(String table, UUID uuid, String column, BiFunction<Row, String, T> read, T absent) {
        Row row = row(table, uuid);
        if (row == null) {
            return absent;
        }
        Converted known = converted.get(uuid);
        if (known == null || known.row() != row) {
            known = new Converted(row, new HashMap<>());
            converted.put(uuid, known);
        }
        return (T) known.columns().computeIfAbsent(column, name -> read.apply(row, name));
    }

    private Optional<Row> openVswitch() {
        return rows(Vswitch.OPEN_VSWITCH).values().stream().findFirst();
    }

    private Optional<UUID> named(String table, String name) {
        return rows(table).entrySet().stream().filter(e -> name.equals(Rows.string(e.getValue(), "name")))
                .map(Map.Entry::getKey).findFirst();
    }
}

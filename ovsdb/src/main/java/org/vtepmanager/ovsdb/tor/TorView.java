package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.TableCache;
import org.vtepmanager.ovsdb.session.TableIndex;

/**
 * Read-only questions about one ToR's hardware_vtep database, answered from the monitor cache. A whole pass asks
 * some of them once per Logical_Switch, so those are answered from indexes of the cache ({@link TableIndex}): a scan
 * of the table each time made a pass quadratic in the networks a ToR carries.
 */
final class TorView {

    /** The tables whose rows belong to a Logical_Switch that a pass asks for by switch (Ucast_Macs_Remote aside). */
    private static final List<String> MACS_BY_SWITCH = List.of(HardwareVtep.MCAST_MACS_REMOTE,
            HardwareVtep.MCAST_MACS_LOCAL, HardwareVtep.UCAST_MACS_LOCAL);

    private final TableCache cache;
    private final RemoteMacRows remoteMacRows;
    private final boolean hasReplicationMode;
    private final TableIndex<Map<String, UUID>> switchesByName;
    private final Map<String, TableIndex<Map<UUID, Map<UUID, Row>>>> macsBySwitch = new HashMap<>();
    private final TableIndex<Set<UUID>> boundSwitches;

    /**
     * {@code remoteMacRows}: kept from the same monitor as {@code cache}; {@code hasReplicationMode}: the server's
     * schema has Logical_Switch replication_mode (vtep schema 1.5+).
     */
    TorView(TableCache cache, RemoteMacRows remoteMacRows, boolean hasReplicationMode) {
        this.cache = cache;
        this.remoteMacRows = remoteMacRows;
        this.hasReplicationMode = hasReplicationMode;
        this.switchesByName = new TableIndex<>(cache, HardwareVtep.LOGICAL_SWITCH, TorView::byName);
        MACS_BY_SWITCH.forEach(table -> macsBySwitch.put(table, new TableIndex<>(cache, table, TorView::bySwitch)));
        this.boundSwitches = new TableIndex<>(cache, HardwareVtep.PHYSICAL_PORT, TorView::bound);
    }

    boolean hasReplicationMode() {
        return hasReplicationMode;
    }

    Map<UUID, Row> rows(String table) {
        return cache.rows(table);
    }

    Row row(String table, UUID uuid) {
        return rows(table).get(uuid);
    }

    /** The switch's Physical_Switch rows; a session manages exactly one (see {@link TorReconciler}). */
    List<UUID> physicalSwitches() {
        return rows(HardwareVtep.PHYSICAL_SWITCH).keySet().stream().sorted().toList();
    }

    /** The one Physical_Switch row; empty when there is none or more than one. */
    Optional<UUID> physicalSwitch() {
        List<UUID> all = physicalSwitches();
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    /** The Logical_Switch called {@code name}; the schema's index keeps names unique. */
    Optional<UUID> logicalSwitch(String name) {
        return Optional.ofNullable(switchesByName.get().get(name));
    }

    /** The port called {@code name} among {@code physicalSwitch}'s ports. */
    Optional<UUID> port(UUID physicalSwitch, String name) {
        return Rows.uuids(row(HardwareVtep.PHYSICAL_SWITCH, physicalSwitch), "ports").stream()
                .filter(port -> row(HardwareVtep.PHYSICAL_PORT, port) != null
                        && name.equals(Rows.string(row(HardwareVtep.PHYSICAL_PORT, port), "name")))
                .findFirst();
    }

    boolean isOurSwitch(UUID logicalSwitch) {
        Row row = row(HardwareVtep.LOGICAL_SWITCH, logicalSwitch);
        return row != null && HardwareVtep.isOurSwitch(row);
    }

    /** The IP a locator leads to; "" when the locator is unknown. */
    String locatorIp(UUID locator) {
        Row row = row(HardwareVtep.PHYSICAL_LOCATOR, locator);
        return row == null ? "" : Rows.string(row, "dst_ip");
    }

    /** The plain VXLAN locator of {@code ip} (no per-locator tunnel key), as every writer shares it. */
    Optional<UUID> locator(String ip) {
        return rows(HardwareVtep.PHYSICAL_LOCATOR).entrySet().stream()
                .filter(e -> ip.equals(Rows.string(e.getValue(), "dst_ip"))
                        && HardwareVtep.VXLAN_OVER_IPV4.equals(Rows.string(e.getValue(), "encapsulation_type"))
                        && Rows.integer(e.getValue(), "tunnel_key").isEmpty())
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    /** The IPs of a locator set's locators. */
    Set<String> locatorSetIps(UUID locatorSet) {
        Row row = row(HardwareVtep.PHYSICAL_LOCATOR_SET, locatorSet);
        Set<String> ips = new TreeSet<>();
        if (row != null) {
            Rows.uuids(row, "locators").forEach(locator -> ips.add(locatorIp(locator)));
        }
        return ips;
    }

    /** An existing locator set made of exactly the locators of {@code ips}, to share rather than duplicate. */
    Optional<UUID> locatorSet(Set<String> ips) {
        return rows(HardwareVtep.PHYSICAL_LOCATOR_SET).keySet().stream()
                .filter(set -> locatorSetIps(set).equals(ips)).sorted().findFirst();
    }

    /** The Ucast_Macs_Remote rows of {@code logicalSwitch} by MAC, already read; see {@link RemoteMacRows}. */
    Map<String, List<RemoteMacRows.RemoteRow>> remoteMacs(UUID logicalSwitch) {
        return remoteMacRows.of(logicalSwitch);
    }

    /** The Ucast_Macs_Remote rows of {@code mac} (lower case) in {@code logicalSwitch}. */
    List<RemoteMacRows.RemoteRow> remoteMacs(UUID logicalSwitch, String mac) {
        return remoteMacRows.of(logicalSwitch, mac);
    }

    /**
     * Rows of a MAC table ({@code Mcast_Macs_*}, {@code Ucast_Macs_Local}; the remote unicast rows are indexed, see
     * {@link #remoteMacs}) that belong to {@code logicalSwitch}, in no particular order; a view, not a copy.
     */
    Map<UUID, Row> macsOf(String table, UUID logicalSwitch) {
        TableIndex<Map<UUID, Map<UUID, Row>>> index = macsBySwitch.get(table);
        if (index == null) {
            throw new IllegalArgumentException("table " + table + " is not indexed by Logical_Switch");
        }
        return Collections.unmodifiableMap(index.get().getOrDefault(logicalSwitch, Map.of()));
    }

    /**
     * True while a port binding or the switch's own MAC tables still use {@code logicalSwitch}: it is deleted only
     * in a later pass, once the bindings we removed are gone and the switch has withdrawn its local MACs.
     */
    boolean stillReferenced(UUID logicalSwitch) {
        return !macsOf(HardwareVtep.UCAST_MACS_LOCAL, logicalSwitch).isEmpty()
                || !macsOf(HardwareVtep.MCAST_MACS_LOCAL, logicalSwitch).isEmpty()
                || boundSwitches.get().contains(logicalSwitch);
    }

    private static Map<String, UUID> byName(Map<UUID, Row> switches) {
        Map<String, UUID> byName = new HashMap<>();
        switches.forEach((uuid, row) -> byName.put(Rows.string(row, "name"), uuid));
        return byName;
    }

    private static Map<UUID, Map<UUID, Row>> bySwitch(Map<UUID, Row> macs) {
        Map<UUID, Map<UUID, Row>> bySwitch = new HashMap<>();
        macs.forEach((uuid, row) -> Rows.uuid(row, "logical_switch")
                .ifPresent(ls -> bySwitch.computeIfAbsent(ls, key -> new HashMap<>()).put(uuid, row)));
        return bySwitch;
    }

    /** Every Logical_Switch some port's vlan_bindings point at. */
    private static Set<UUID> bound(Map<UUID, Row> ports) {
        Set<UUID> bound = new HashSet<>();
        ports.values().forEach(port -> bound.addAll(Rows.integerToUuid(port, "vlan_bindings").values()));
        return bound;
    }
}

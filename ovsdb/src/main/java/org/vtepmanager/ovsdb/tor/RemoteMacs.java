package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Ops;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Plans Ucast_Macs_Remote and Mcast_Macs_Remote of our Logical_Switches: one unicast row per MAC living on another
 * VTEP (right locator and ipaddr), one {@code unknown-dst} row whose locator set holds every other VTEP of the
 * network; every other remote row in our switches is stale (an earlier run, a MAC that moved or left) and goes.
 */
final class RemoteMacs {

    private final TorView view;
    private final TorTransaction tx;
    private final Locators locators;
    /** Just after a manager restart: a row whose MAC the tables do not hold may only not be re-learned yet. */
    private final boolean settling;

    RemoteMacs(TorView view, TorTransaction tx, Locators locators, boolean settling) {
        this.view = view;
        this.tx = tx;
        this.locators = locators;
        this.settling = settling;
    }

    /** Keeps the remote MACs of one switch of ours; {@code existing} is empty for a switch created in this pass. */
    void keep(TorSpec.LogicalSwitchSpec spec, Atom<?> ls, Optional<UUID> existing) {
        keepUnicast(spec, ls, existing);
        keepFlooding(spec, ls, existing);
    }

    /** Deletes every remote MAC of a switch of ours that is going away. */
    void clear(UUID ls, String name) {
        Map<UUID, Row> rows = new LinkedHashMap<>(view.macsOf(HardwareVtep.UCAST_MACS_REMOTE, ls));
        rows.keySet().forEach(uuid -> tx.mac(Ops.delete(HardwareVtep.UCAST_MACS_REMOTE, uuid)));
        view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, ls).keySet()
                .forEach(uuid -> tx.mac(Ops.delete(HardwareVtep.MCAST_MACS_REMOTE, uuid)));
        if (!rows.isEmpty()) {
            tx.note("remove " + rows.size() + " remote MACs of " + name);
        }
    }

    private void keepUnicast(TorSpec.LogicalSwitchSpec spec, Atom<?> ls, Optional<UUID> existing) {
        Set<String> seen = new HashSet<>();
        int changed = 0;
        for (Map.Entry<UUID, Row> row : existing.map(u -> view.macsOf(HardwareVtep.UCAST_MACS_REMOTE, u))
                .orElse(Map.of()).entrySet()) {
            String mac = Rows.string(row.getValue(), "MAC").toLowerCase();
            TorSpec.RemoteMac wanted = spec.remoteMacs().get(mac);
            if (wanted == null && settling) {
                seen.add(mac);
            } else if (wanted == null || !seen.add(mac)) {
                // Not wanted any more, or a duplicate row of a MAC already kept: stale either way.
                tx.mac(Ops.delete(HardwareVtep.UCAST_MACS_REMOTE, row.getKey()));
                changed++;
            } else if (wanted.tunnelIp().isPresent() && !matches(row.getValue(), wanted)) {
                tx.mac(Ops.update(HardwareVtep.UCAST_MACS_REMOTE, row.getKey(), Ops.row()
                        .reference("locator", locators.locator(wanted.tunnelIp().get()))
                        .string("ipaddr", wanted.ip().orElse(""))));
                changed++;
            }
        }
        for (Map.Entry<String, TorSpec.RemoteMac> mac : spec.remoteMacs().entrySet()) {
            if (!seen.contains(mac.getKey()) && mac.getValue().tunnelIp().isPresent()) {
                existing.ifPresent(u -> tx.mac(Ops.noRowWhere(HardwareVtep.UCAST_MACS_REMOTE, macCondition(u, mac.getKey()))));
                tx.mac(Ops.insert(HardwareVtep.UCAST_MACS_REMOTE, tx.newName("ucast"), Ops.row()
                        .string("MAC", mac.getKey()).reference("logical_switch", ls)
                        .reference("locator", locators.locator(mac.getValue().tunnelIp().get()))
                        .string("ipaddr", mac.getValue().ip().orElse(""))));
                changed++;
            }
        }
        if (changed > 0) {
            tx.note(changed + " Ucast_Macs_Remote changes in " + spec.name());
        }
    }

    private boolean matches(Row row, TorSpec.RemoteMac wanted) {
        return Rows.uuid(row, "locator").map(view::locatorIp).equals(wanted.tunnelIp())
                && Rows.string(row, "ipaddr").equals(wanted.ip().orElse(""));
    }

    private void keepFlooding(TorSpec.LogicalSwitchSpec spec, Atom<?> ls, Optional<UUID> existing) {
        boolean kept = false;
        // Members not known yet (a tunnel IP not reported, MACs not re-learned) may be why the list is short or empty.
        boolean keepMembers = spec.floodIncomplete() || settling;
        for (Map.Entry<UUID, Row> row : existing.map(u -> view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, u))
                .orElse(Map.of()).entrySet()) {
            boolean unknownDst = HardwareVtep.UNKNOWN_DST.equals(Rows.string(row.getValue(), "MAC"));
            if (!unknownDst || kept || (spec.floodIps().isEmpty() && !keepMembers)) {
                tx.mac(Ops.delete(HardwareVtep.MCAST_MACS_REMOTE, row.getKey()));
                tx.note("remove flood row " + Rows.string(row.getValue(), "MAC") + " of " + spec.name());
                continue;
            }
            kept = true;
            Set<String> current = Rows.uuid(row.getValue(), "locator_set").map(view::locatorSetIps).orElse(Set.of());
            SortedSet<String> wanted = new TreeSet<>(spec.floodIps());
            if (keepMembers) {
                wanted.addAll(current);
            }
            if (!current.equals(wanted)) {
                // Locator sets are immutable: point the row at a set with the new membership.
                tx.mac(Ops.update(HardwareVtep.MCAST_MACS_REMOTE, row.getKey(), Ops.row()
                        .reference("locator_set", locators.locatorSet(wanted))));
                tx.note("flood " + spec.name() + " to " + wanted);
            }
        }
        if (!kept && !spec.floodIps().isEmpty()) {
            existing.ifPresent(u -> tx.mac(Ops.noRowWhere(HardwareVtep.MCAST_MACS_REMOTE,
                    macCondition(u, HardwareVtep.UNKNOWN_DST))));
            tx.mac(Ops.insert(HardwareVtep.MCAST_MACS_REMOTE, tx.newName("mcast"), Ops.row()
                    .string("MAC", HardwareVtep.UNKNOWN_DST).reference("logical_switch", ls)
                    .reference("locator_set", locators.locatorSet(spec.floodIps()))));
            tx.note("flood " + spec.name() + " to " + spec.floodIps());
        }
    }

    /** The precondition that no other writer added this MAC to this switch since our cache was read. */
    private static Map<String, Value> macCondition(UUID ls, String mac) {
        Map<String, Value> where = new LinkedHashMap<>();
        where.put("MAC", Atom.string(mac));
        where.put("logical_switch", Atom.uuid(Uuid.of(ls)));
        return where;
    }
}

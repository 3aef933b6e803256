package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.vtepmanager.ovsdb.notation.Ops;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Plans Ucast_Macs_Remote and Mcast_Macs_Remote of our Logical_Switches: one unicast row per MAC living on another
 * VTEP (right locator and ipaddr), one {@code unknown-dst} row whose locator set holds every other VTEP of the
 * network; every other remote row in our switches is stale (an earlier run, a MAC that moved or left, a duplicate
 * another writer inserted) and goes. A new row is inserted without a {@code wait} that no other writer inserted it
 * meanwhile: the table has no index, so ovsdb-server would scan every row once per wait (1,000 new MACs took 10.8 s
 * instead of 0.09 s against 42,000 rows); a duplicate instead reaches the cache through the monitor and the next
 * pass deletes it.
 */
final class RemoteMacs {

    private final TorView view;
    private final TorTransaction tx;
    private final Locators locators;
    /** Just after a manager restart: a row whose MAC the tables do not hold may only not be re-learned yet. */
    private final boolean settling;
    private final int limit;
    /** Ucast_Macs_Remote changes this pass may still make; the rest follow in the next pass (see {@link MacBatch}). */
    private int budget;
    private final Set<MacKey> deferred = new LinkedHashSet<>();
    /** The Ucast_Macs_Remote rows this pass changes, by MAC: the row updates the session will hear of them. */
    private final Map<String, Integer> writes = new HashMap<>();

    RemoteMacs(TorView view, TorTransaction tx, Locators locators, boolean settling, int limit) {
        this.view = view;
        this.tx = tx;
        this.locators = locators;
        this.settling = settling;
        this.limit = limit;
        this.budget = limit;
    }

    /** Ucast_Macs_Remote rows this pass changes. */
    int changes() {
        return limit - budget;
    }

    /** True while this pass may change another Ucast_Macs_Remote row. */
    boolean hasBudget() {
        return budget > 0;
    }

    Map<String, Integer> writes() {
        return writes;
    }

    /** MACs that differ from their spec but found this pass's budget spent: a later pass starts from them. */
    Set<MacKey> deferred() {
        return deferred;
    }

    /** Keeps the remote MACs of one switch of ours; {@code existing} is empty for a switch created in this pass. */
    void keep(TorSpec.LogicalSwitchSpec spec, Atom<?> ls, Optional<UUID> existing) {
        keepUnicast(spec, ls, existing);
        keepFlooding(spec, ls, existing);
    }

    /**
     * Keeps one MAC of an existing switch of ours: {@code wanted} null means it must have no row. The rows are
     * looked up by MAC, so a pass over the MACs that changed costs what they number, not what the switch holds.
     */
    void keepMac(MacKey key, UUID ls, TorSpec.RemoteMac wanted) {
        keepMac(key, Ops.uuid(ls), wanted, view.remoteMacs(ls, key.mac()));
    }

    /**
     * Deletes the remote MACs of a switch of ours that is going away, as many as this pass's budget allows; true
     * once none is left (its flood rows go then too), so that the switch itself may be deleted.
     */
    boolean clear(UUID ls, String name) {
        List<RemoteMacRows.RemoteRow> rows = view.remoteMacs(ls).values().stream().flatMap(List::stream).toList();
        int removed = 0;
        for (RemoteMacRows.RemoteRow row : rows) {
            if (!spend()) {
                break;
            }
            tx.mac(Ops.delete(HardwareVtep.UCAST_MACS_REMOTE, row.uuid()));
            writes.merge(row.mac(), 1, Integer::sum);
            removed++;
        }
        if (removed > 0) {
            tx.note("remove " + removed + " of " + rows.size() + " remote MACs of " + name);
        }
        if (removed < rows.size()) {
            return false;
        }
        view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, ls).keySet()
                .forEach(uuid -> tx.mac(Ops.delete(HardwareVtep.MCAST_MACS_REMOTE, uuid)));
        return true;
    }

    private void keepUnicast(TorSpec.LogicalSwitchSpec spec, Atom<?> ls, Optional<UUID> existing) {
        int before = changes();
        Map<String, List<RemoteMacRows.RemoteRow>> rows = existing.map(view::remoteMacs).orElse(Map.of());
        rows.forEach((mac, macRows) -> keepMac(new MacKey(spec.name(), mac), ls, spec.remoteMacs().get(mac),
                macRows));
        spec.remoteMacs().forEach((mac, wanted) -> {
            if (!rows.containsKey(mac)) {
                keepMac(new MacKey(spec.name(), mac), ls, wanted, List.of());
            }
        });
        int changed = changes() - before;
        if (changed > 0) {
            tx.note(changed + " Ucast_Macs_Remote changes in " + spec.name() + (budget == 0 ? ", more to follow" : ""));
        }
    }

    /**
     * The one rule for a MAC's rows: the first is kept and corrected, a duplicate another writer inserted goes, and
     * so does every row of a MAC no longer wanted (unless settling); a wanted MAC without a row gets one once its
     * VTEP's tunnel IP is known.
     */
    private void keepMac(MacKey key, Atom<?> ls, TorSpec.RemoteMac wanted, List<RemoteMacRows.RemoteRow> rows) {
        boolean kept = false;
        for (RemoteMacRows.RemoteRow row : rows) {
            if (wanted == null && settling) {
                continue;
            }
            if (wanted == null || kept) {
                change(key, () -> Ops.delete(HardwareVtep.UCAST_MACS_REMOTE, row.uuid()));
                continue;
            }
            kept = true;
            if (wanted.tunnelIp().isPresent() && !matches(row, wanted)) {
                change(key, () -> Ops.update(HardwareVtep.UCAST_MACS_REMOTE, row.uuid(), Ops.row()
                        .reference("locator", locators.locator(wanted.tunnelIp().get()))
                        .string("ipaddr", wanted.ip().orElse(""))));
            }
        }
        if (rows.isEmpty() && wanted != null && wanted.tunnelIp().isPresent()) {
            change(key, () -> Ops.insert(HardwareVtep.UCAST_MACS_REMOTE, tx.newName("ucast"), Ops.row()
                    .string("MAC", key.mac()).reference("logical_switch", ls)
                    .reference("locator", locators.locator(wanted.tunnelIp().get()))
                    .string("ipaddr", wanted.ip().orElse(""))));
        }
    }

    /** Adds the change if this pass's budget allows, else defers its MAC; built only when it is made. */
    private void change(MacKey key, Supplier<Operation> operation) {
        if (spend()) {
            tx.mac(operation.get());
            writes.merge(key.mac(), 1, Integer::sum);
        } else {
            deferred.add(key);
        }
    }

    /** Takes one change from this pass's budget; false once it is spent. */
    private boolean spend() {
        if (budget == 0) {
            return false;
        }
        budget--;
        return true;
    }

    private boolean matches(RemoteMacRows.RemoteRow row, TorSpec.RemoteMac wanted) {
        return row.locator().map(view::locatorIp).equals(wanted.tunnelIp())
                && row.ipaddr().equals(wanted.ip().orElse(""));
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
                tx.change("remove flood row " + Rows.string(row.getValue(), "MAC") + " of " + spec.name());
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
                tx.change("flood " + spec.name() + " to " + wanted);
            }
        }
        if (!kept && !spec.floodIps().isEmpty()) {
            existing.ifPresent(u -> tx.mac(Ops.noRowWhere(HardwareVtep.MCAST_MACS_REMOTE,
                    macCondition(u, HardwareVtep.UNKNOWN_DST))));
            tx.mac(Ops.insert(HardwareVtep.MCAST_MACS_REMOTE, tx.newName("mcast"), Ops.row()
                    .string("MAC", HardwareVtep.UNKNOWN_DST).reference("logical_switch", ls)
                    .reference("locator_set", locators.locatorSet(spec.floodIps()))));
            tx.change("flood " + spec.name() + " to " + spec.floodIps());
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

package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Computes the one transaction that brings a ToR's hardware_vtep database to its {@link TorSpec}, or towards it when
 * more remote MACs differ than one transaction may change ({@link MacBatch}), from the monitor cache alone (pure):
 * nothing to send when in sync, so a restarted manager changes no row. A whole pass ({@link #plan}) diffs
 * everything; between whole passes only the remote MACs that changed are planned ({@link #planChanges}). Only our
 * Logical_Switches, the rows hanging off them and vlan_bindings entries pointing at them are ever written;
 * Physical_Switch, Physical_Port rows (beyond those entries), Tunnel and the switch's own MAC tables are read only.
 */
final class TorReconciler {

    /** Remote MACs a repair names one by one; the rest are counted. */
    static final int REPAIRS_NAMED = 5;

    private TorReconciler() {
    }

    /**
     * The operations to send (empty when in sync), the MACs that differ but did not fit
     * ({@link RemoteMacs#deferred}), whether only those MACs are left to do (else the next pass must be a whole one:
     * the MACs of a switch going away did not fit, a database the manager cannot plan for), whether a switch of
     * ours that no network wants waits for rows of the ToR's own on it to go ({@code waiting}), what could not be
     * made true, each naming table and row, what the operations change of what the spec holds (a whole pass's) or,
     * in a pass of changed MACs, of the remote MACs another writer changed, and how many Ucast_Macs_Remote rows the
     * operations change, by MAC (their sum sizes the next batch, {@link MacBatch}).
     */
    record Plan(List<Operation> operations, Set<MacKey> deferred, boolean complete, boolean waiting,
            List<String> problems, List<String> changes, Map<String, Integer> macWrites) {

        /**
         * Whether the ToR holds the spec: nothing to write, nothing that could not be made true, and no switch of
         * ours that no network wants left waiting for the ToR's own rows on it to go (its deletion then is no
         * repair).
         */
        boolean inSync() {
            return operations.isEmpty() && problems.isEmpty() && complete && !waiting;
        }
    }

    /**
     * What the spec says one chunk of MACs must be: a MAC left out must have no row. Empty when the spec a whole
     * pass last used no longer holds apart from its MACs (intent, topology or settling changed).
     */
    @FunctionalInterface
    interface WantedMacs {
        Optional<Map<MacKey, TorSpec.RemoteMac>> of(List<MacKey> keys);
    }

    /** {@code macLimit}: Ucast_Macs_Remote rows the transaction may change at most. */
    static Plan plan(TorView view, TorSpec spec, int macLimit) {
        List<String> problems = new ArrayList<>();
        Optional<UUID> one = view.physicalSwitch();
        if (one.isEmpty()) {
            problems.add("table Physical_Switch has " + view.physicalSwitches().size()
                    + " rows; vtep-manager manages a hardware_vtep database with exactly one");
            return new Plan(List.of(), Set.of(), false, false, problems, List.of(), Map.of());
        }
        UUID physicalSwitch = one.get();
        String switchName = nameOf(view, physicalSwitch);
        TorTransaction tx = new TorTransaction();
        LogicalSwitches switches = new LogicalSwitches(view, tx, problems);
        RemoteMacs macs = new RemoteMacs(view, tx, new Locators(view, tx), spec.settling(), macLimit);

        Map<String, Atom<?>> usable = switches.keep(spec.logicalSwitches());
        usable.forEach((name, ls) -> macs.keep(spec.logicalSwitches().get(name), ls,
                view.logicalSwitch(name)));
        new VlanBindings(view, tx, problems).keep(physicalSwitch, switchName, spec.bindings(), usable);
        boolean cleared = true;
        boolean waiting = false;
        for (Map.Entry<UUID, String> unwanted : switches.unwanted(spec.logicalSwitches()).entrySet()) {
            if (macs.clear(unwanted.getKey(), unwanted.getValue())) {
                waiting |= !switches.deleteIfUnreferenced(unwanted.getKey(), unwanted.getValue());
            } else {
                cleared = false;
            }
        }
        // MACs of a switch going away that did not fit are deleted by the next pass, a whole one.
        return new Plan(tx.operations(switchName), macs.deferred(), cleared, waiting, problems, tx.changes(),
                macs.writes());
    }

    /**
     * Plans only the MACs {@code dirty} holds, against {@code spec}, the spec of the last whole pass: each MAC taken
     * is removed from {@code dirty}, one chunk at a time, until {@code macLimit} changes are planned or none is left.
     * A MAC of a network this ToR does not serve, or whose switch is not (yet) ours, is dropped: the whole pass that
     * makes the switch plans its MACs. A change to a MAC whose rows another writer changed ({@code othersTouched})
     * puts them back: a repair, in the plan's changes. Empty when {@code wanted} says a whole pass is due.
     */
    static Optional<Plan> planChanges(TorView view, TorSpec spec, Iterator<MacKey> dirty, WantedMacs wanted,
            int macLimit, Set<MacKey> othersTouched) {
        Optional<UUID> physicalSwitch = view.physicalSwitch();
        if (physicalSwitch.isEmpty()) {
            return Optional.empty();
        }
        String switchName = nameOf(view, physicalSwitch.get());
        TorTransaction tx = new TorTransaction();
        RemoteMacs macs = new RemoteMacs(view, tx, new Locators(view, tx), spec.settling(), macLimit);
        Map<String, Optional<UUID>> ours = new HashMap<>();
        List<String> repaired = new ArrayList<>();
        int planned = 0;
        while (macs.hasBudget() && dirty.hasNext()) {
            List<MacKey> chunk = new ArrayList<>();
            while (chunk.size() < macLimit && dirty.hasNext()) {
                chunk.add(dirty.next());
                dirty.remove();
            }
            Optional<Map<MacKey, TorSpec.RemoteMac>> chunkWanted = wanted.of(chunk);
            if (chunkWanted.isEmpty()) {
                return Optional.empty();
            }
            for (MacKey key : chunk) {
                Optional<UUID> ls = ours.computeIfAbsent(key.logicalSwitch(), name -> ourSwitch(view, spec, name));
                if (ls.isPresent()) {
                    int before = macs.changes();
                    TorSpec.RemoteMac mac = chunkWanted.get().get(key);
                    macs.keepMac(key, ls.get(), mac);
                    if (macs.changes() > before && othersTouched.contains(key)) {
                        repaired.add(putBack(key, mac));
                    }
                }
            }
            planned += chunk.size();
        }
        if (macs.changes() > 0) {
            tx.note(macs.changes() + " Ucast_Macs_Remote changes for " + planned + " MACs that changed"
                    + (macs.hasBudget() ? "" : ", more to follow"));
        }
        return Optional.of(new Plan(tx.operations(switchName), macs.deferred(), true, false, List.of(),
                fewOf(repaired), macs.writes()));
    }

    /** What putting back a MAC another writer changed does, in words; {@code wanted} null when it must have no row. */
    private static String putBack(MacKey key, TorSpec.RemoteMac wanted) {
        String mac = "remote MAC " + key.mac() + " of " + key.logicalSwitch();
        return wanted == null ? "remove " + mac : mac + wanted.tunnelIp().map(ip -> " at " + ip).orElse("");
    }

    /** The first few, then how many more: a script that empties a table must not make a WARN line of each row. */
    private static List<String> fewOf(List<String> repaired) {
        if (repaired.size() <= REPAIRS_NAMED) {
            return repaired;
        }
        List<String> few = new ArrayList<>(repaired.subList(0, REPAIRS_NAMED));
        few.add("and " + (repaired.size() - REPAIRS_NAMED) + " more remote MACs");
        return few;
    }

    private static String nameOf(TorView view, UUID physicalSwitch) {
        return Rows.string(view.row(HardwareVtep.PHYSICAL_SWITCH, physicalSwitch), "name");
    }

    /** The existing Logical_Switch of ours that {@code spec} names {@code name}. */
    private static Optional<UUID> ourSwitch(TorView view, TorSpec spec, String name) {
        return spec.logicalSwitches().containsKey(name)
                ? view.logicalSwitch(name).filter(view::isOurSwitch) : Optional.empty();
    }
}

package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Computes the one transaction that brings a ToR's hardware_vtep database to its {@link TorSpec}, or towards it when
 * more remote MACs differ than one transaction may change ({@link MacBatch}), from the monitor cache alone (pure):
 * nothing to send when in sync, so a restarted manager changes no row. Only our
 * Logical_Switches, the rows hanging off them and vlan_bindings entries pointing at them are ever written;
 * Physical_Switch, Physical_Port rows (beyond those entries), Tunnel and the switch's own MAC tables are read only.
 */
final class TorReconciler {

    private TorReconciler() {
    }

    /**
     * The operations to send (empty when in sync), how many Ucast_Macs_Remote rows they change, and what could not
     * be made true, each naming table and row.
     */
    record Plan(List<Operation> operations, int macChanges, List<String> problems) {
    }

    /** {@code macLimit}: Ucast_Macs_Remote rows the transaction may change at most. */
    static Plan plan(TorView view, TorSpec spec, int macLimit) {
        List<String> problems = new ArrayList<>();
        List<UUID> physicalSwitches = view.physicalSwitches();
        if (physicalSwitches.size() != 1) {
            problems.add("table Physical_Switch has " + physicalSwitches.size()
                    + " rows; vtep-manager manages a hardware_vtep database with exactly one");
            return new Plan(List.of(), 0, problems);
        }
        UUID physicalSwitch = physicalSwitches.get(0);
        String switchName = Rows.string(view.row(HardwareVtep.PHYSICAL_SWITCH, physicalSwitch), "name");
        TorTransaction tx = new TorTransaction();
        LogicalSwitches switches = new LogicalSwitches(view, tx, problems);
        RemoteMacs macs = new RemoteMacs(view, tx, new Locators(view, tx), spec.settling(), macLimit);

        Map<String, Atom<?>> usable = switches.keep(spec.logicalSwitches());
        usable.forEach((name, ls) -> macs.keep(spec.logicalSwitches().get(name), ls,
                view.named(HardwareVtep.LOGICAL_SWITCH, name)));
        new VlanBindings(view, tx, problems).keep(physicalSwitch, switchName, spec.bindings(), usable);
        switches.unwanted(spec.logicalSwitches()).forEach((uuid, name) -> {
            if (macs.clear(uuid, name)) {
                switches.deleteIfUnreferenced(uuid, name);
            }
        });
        return new Plan(tx.operations(switchName), macs.changes(), problems);
    }
}

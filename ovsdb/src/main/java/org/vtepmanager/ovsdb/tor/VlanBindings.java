package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Ops;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Plans Physical_Port vlan_bindings: an entry VLAN → Logical_Switch is ours when it points at a switch of ours.
 * Entries are added and removed as single pairs (a removal names the switch it expects), so an entry another
 * writer made or changed meanwhile is never overwritten or deleted; a VLAN already bound elsewhere is reported.
 */
final class VlanBindings {

    private final TorView view;
    private final TorTransaction tx;
    private final List<String> problems;

    VlanBindings(TorView view, TorTransaction tx, List<String> problems) {
        this.view = view;
        this.tx = tx;
        this.problems = problems;
    }

    /**
     * @param desired port → VLAN → Logical_Switch name
     * @param switches the switches usable in this pass (ours), by name
     */
    void keep(UUID physicalSwitch, String switchName, SortedMap<String, SortedMap<Long, String>> desired,
            Map<String, Atom<?>> switches) {
        for (UUID port : Rows.uuids(view.row(HardwareVtep.PHYSICAL_SWITCH, physicalSwitch), "ports")) {
            Row row = view.row(HardwareVtep.PHYSICAL_PORT, port);
            if (row != null) {
                removeUnwanted(port, row, desired.getOrDefault(Rows.string(row, "name"), new TreeMap<>()),
                        switches);
            }
        }
        desired.forEach((portName, vlans) -> {
            Optional<UUID> port = view.port(physicalSwitch, portName);
            if (port.isEmpty()) {
                problems.add("Physical_Port " + portName + " is not a port of Physical_Switch " + switchName
                        + ": its bindings wait until the switch reports it");
                return;
            }
            // Read once per port, not per VLAN: a trunk port carries thousands.
            Map<Long, UUID> current = Rows.integerToUuid(view.row(HardwareVtep.PHYSICAL_PORT, port.get()),
                    "vlan_bindings");
            vlans.forEach((vlan, lsName) -> {
                Atom<?> ls = switches.get(lsName);
                if (ls != null) {
                    add(port.get(), portName, vlan, lsName, ls, current.get(vlan));
                }
            });
        });
    }

    private void removeUnwanted(UUID port, Row row, Map<Long, String> wanted, Map<String, Atom<?>> switches) {
        Rows.integerToUuid(row, "vlan_bindings").forEach((vlan, ls) -> {
            if (!view.isOurSwitch(ls)) {
                return;
            }
            String lsName = Rows.string(view.row(HardwareVtep.LOGICAL_SWITCH, ls), "name");
            boolean keep = lsName.equals(wanted.get(vlan)) && switches.containsKey(lsName);
            if (!keep) {
                tx.binding(Ops.removePair(HardwareVtep.PHYSICAL_PORT, port, "vlan_bindings", vlan, ls));
                tx.change("unbind " + Rows.string(row, "name") + " vlan " + vlan + " from " + lsName);
            }
        });
    }

    /** {@code bound}: the switch the port binds {@code vlan} to now, or null. */
    private void add(UUID port, String portName, long vlan, String lsName, Atom<?> ls, UUID bound) {
        if (bound == null) {
            tx.binding(Ops.putInto(HardwareVtep.PHYSICAL_PORT, port, "vlan_bindings", vlan, ls));
            tx.change("bind " + portName + " vlan " + vlan + " to " + lsName);
        } else if (!view.isOurSwitch(bound)) {
            problems.add("Physical_Port " + portName + " vlan_bindings: VLAN " + vlan + " is bound to Logical_Switch "
                    + Rows.string(view.row(HardwareVtep.LOGICAL_SWITCH, bound), "name")
                    + ", not made by vtep-manager; left alone, so it is not bound to " + lsName);
        } else if (!lsName.equals(Rows.string(view.row(HardwareVtep.LOGICAL_SWITCH, bound), "name"))) {
            // Rebinding to another switch of ours: removeUnwanted deleted the old pair in this same transaction.
            tx.binding(Ops.putInto(HardwareVtep.PHYSICAL_PORT, port, "vlan_bindings", vlan, ls));
            tx.change("rebind " + portName + " vlan " + vlan + " to " + lsName);
        }
    }
}

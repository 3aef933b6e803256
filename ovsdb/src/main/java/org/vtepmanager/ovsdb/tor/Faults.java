package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * What the ToR says it could not do of what we wrote: the hardware_vtep schema's fault columns, which the switch
 * sets and clears itself (Physical_Switch {@code switch_fault_status}, Physical_Port {@code port_fault_status}).
 * A hardware switch out of MAC table space, for one, keeps our rows and reports {@code mac_table_exhaustion}; the
 * emulator ovs-vtep never sets them. Each fault is a problem of the ToR's VTEP, said in the schema's own terms.
 */
final class Faults {

    /** What vtep(5) says each fault means, in the words an operator acts on. */
    private static final Map<String, String> SWITCH_FAULTS = Map.of(
            "mac_table_exhaustion", "its MAC table is full: some MACs the manager wrote are not programmed",
            "tunnel_exhaustion", "it cannot create more tunnels: some remote VTEPs are not reached",
            "unsupported_source_node_replication", "it cannot replicate BUM traffic itself: give its networks "
                    + "service_node replication (and the manager --service-node IPs)",
            "unspecified_fault", "an error without more detail: see the switch's own logs");
    private static final Map<String, String> PORT_FAULTS = Map.of(
            "invalid_vlan_map", "a VLAN binding conflicts with the port's local configuration",
            "unspecified_fault", "an error without more detail: see the switch's own logs");

    private static final String UNDESCRIBED = "see vtep(5) and the switch's own logs";

    private Faults() {
    }

    /** The faults of {@code physicalSwitch} and of its ports, sorted; none when the switch reports none. */
    static List<String> problems(TorView view, Row physicalSwitch) {
        String name = Rows.string(physicalSwitch, "name");
        List<String> found = new ArrayList<>();
        for (String fault : Rows.strings(physicalSwitch, "switch_fault_status")) {
            found.add("Physical_Switch " + name + " reports switch_fault_status " + fault + ": "
                    + SWITCH_FAULTS.getOrDefault(fault, UNDESCRIBED));
        }
        Rows.uuids(physicalSwitch, "ports").stream().map(uuid -> view.row(HardwareVtep.PHYSICAL_PORT, uuid))
                .filter(Objects::nonNull).forEach(port -> {
                    for (String fault : Rows.strings(port, "port_fault_status")) {
                        found.add("Physical_Port " + Rows.string(port, "name") + " of " + name
                                + " reports port_fault_status " + fault + ": "
                                + PORT_FAULTS.getOrDefault(fault, UNDESCRIBED));
                    }
                });
        found.sort(String::compareTo);
        return found;
    }
}

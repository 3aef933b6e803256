package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.List;
import java.util.Map;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Names from the hardware_vtep schema (vtep.ovsschema) and how the manager recognises its own rows there. Most
 * tables of this schema have no {@code external_ids}, so ownership is recorded in the Logical_Switch alone: its
 * name is {@value #SWITCH_PREFIX} + VNI and its {@code description} starts with {@value #DESCRIPTION_MARK}. Every
 * row hanging off such a switch (Ucast_Macs_Remote, Mcast_Macs_Remote, vlan_bindings entries pointing at it) is
 * ours too; Physical_Locator and Physical_Locator_Set are shared, non-root rows the server collects when unused.
 */
final class HardwareVtep {

    static final String DATABASE = "hardware_vtep";
    static final String GLOBAL = "Global";
    static final String PHYSICAL_SWITCH = "Physical_Switch";
    static final String PHYSICAL_PORT = "Physical_Port";
    static final String LOGICAL_SWITCH = "Logical_Switch";
    static final String UCAST_MACS_LOCAL = "Ucast_Macs_Local";
    static final String MCAST_MACS_LOCAL = "Mcast_Macs_Local";
    static final String UCAST_MACS_REMOTE = "Ucast_Macs_Remote";
    static final String MCAST_MACS_REMOTE = "Mcast_Macs_Remote";
    static final String PHYSICAL_LOCATOR = "Physical_Locator";
    static final String PHYSICAL_LOCATOR_SET = "Physical_Locator_Set";
    static final String TUNNEL = "Tunnel";
    static final List<String> TABLES = List.of(GLOBAL, PHYSICAL_SWITCH, PHYSICAL_PORT, LOGICAL_SWITCH,
            UCAST_MACS_LOCAL, MCAST_MACS_LOCAL, UCAST_MACS_REMOTE, MCAST_MACS_REMOTE, PHYSICAL_LOCATOR,
            PHYSICAL_LOCATOR_SET, TUNNEL);

    /** Every column of every table: hardware_vtep rows are small and rarely rewritten by the switch. */
    static final Map<String, List<String>> MONITORED = TABLES.stream()
            .collect(java.util.stream.Collectors.toMap(table -> table, table -> List.of()));

    static final String VXLAN_OVER_IPV4 = "vxlan_over_ipv4";
    /** The Mcast_Macs_Remote MAC that stands for every unknown unicast, broadcast and multicast destination. */
    static final String UNKNOWN_DST = "unknown-dst";

    static final String SWITCH_PREFIX = "vtep-manager-";
    static final String DESCRIPTION_MARK = "vtep-manager: ";

    private HardwareVtep() {
    }

    static String switchName(long vni) {
        return SWITCH_PREFIX + vni;
    }

    /** The network's name goes into the description, so a renamed network updates a column, not the row. */
    static String description(String network) {
        return DESCRIPTION_MARK + network;
    }

    static boolean isOurSwitch(Row logicalSwitch) {
        return Rows.string(logicalSwitch, "name").startsWith(SWITCH_PREFIX)
                && Rows.string(logicalSwitch, "description").startsWith(DESCRIPTION_MARK);
    }
}

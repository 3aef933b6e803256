package org.vtepmanager.ovsdb.hypervisor;

import java.util.List;
import java.util.Map;

/** Names from the Open_vSwitch schema (vswitch.ovsschema) and the stamp that marks rows the manager owns. */
final class Vswitch {

    static final String DATABASE = "Open_vSwitch";
    static final String OPEN_VSWITCH = "Open_vSwitch";
    static final String BRIDGE = "Bridge";
    static final String PORT = "Port";
    static final String INTERFACE = "Interface";
    static final String CONTROLLER = "Controller";
    static final List<String> TABLES = List.of(OPEN_VSWITCH, BRIDGE, PORT, INTERFACE, CONTROLLER);

    /**
     * The columns the manager reads, per table. Only these are monitored: ovs-vswitchd rewrites others (statistics,
     * status) every few seconds, and every update costs a deserialization on the events thread. A Controller's
     * {@code is_connected} changes only when its connection does, an Interface's {@code error} only when ovs-vswitchd
     * fails to create it or then succeeds, its {@code mtu} only when its device's does, and its {@code bfd_status}
     * only when its BFD session's state does (ovs-vswitchd compares before it writes).
     */
    static final Map<String, List<String>> COLUMNS = Map.of(
            OPEN_VSWITCH, List.of("bridges", "external_ids", "other_config"),
            BRIDGE, List.of("name", "ports", "controller", "fail_mode", "protocols", "datapath_type", "datapath_id",
                    "external_ids"),
            PORT, List.of("name", "interfaces", "external_ids"),
            INTERFACE, List.of("name", "type", "options", "ofport", "external_ids", "error", "mtu",
                    "bfd_status"),
            CONTROLLER, List.of("target", "external_ids", "is_connected"));

    /** external_ids key on every row the manager created; its value says what the row is for. */
    static final String OWNER = "vtep-manager";
    static final String OWNER_TUNNEL = "tunnel";
    static final String OWNER_CONTROLLER = "controller";
    static final String OWNER_BRIDGE = "integration-bridge";
    /** external_ids key on a tunnel interface: the error the manager last made ovs-vswitchd retry it for. */
    static final String RETRIED = "vtep-manager-retried";

    private Vswitch() {
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.List;
import org.vtepmanager.ovsdb.notation.Rows;

/** Names from the Open_vSwitch schema (vswitch.ovsschema) and the stamp that marks rows the manager owns. */
final class Vswitch {

    static final String DATABASE = "Open_vSwitch";
    static final String OPEN_VSWITCH = "Open_vSwitch";
    static final String BRIDGE = "Bridge";
    static final String PORT = "Port";
    static final String INTERFACE = "Interface";
    static final String CONTROLLER = "Controller";
    static final List<String> TABLES = List.of(OPEN_VSWITCH, BRIDGE, PORT, INTERFACE, CONTROLLER);

    /** external_ids key on every row the manager created; its value says what the row is for. */
    static final String OWNER = "vtep-manager";
    static final String OWNER_TUNNEL = "tunnel";
    static final String OWNER_CONTROLLER = "controller";
    static final String OWNER_BRIDGE = "integration-bridge";

    private Vswitch() {
    }

    static boolean ownedAs(Row row, String purpose) {
        return purpose.equals(Rows.map(row, "external_ids").get(OWNER));
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.session.TableCache;

class HypervisorViewTest {

    private final TableCache cache = new TableCache();
    private final HypervisorView view = new HypervisorView(cache);
    private final UUID port = UUID.randomUUID();
    private final UUID bridge = UUID.randomUUID();
    private final UUID iface = UUID.randomUUID();

    private void update(String table, UUID uuid, Map<String, Value> columns) {
        cache.apply(new TableUpdates(Map.of(table, new TableUpdate(Map.of(uuid, new RowUpdate(null,
                new Row(columns)))))));
    }

    /** A bridge holding {@link #port}, a tunnel port of ours with one interface {@link #iface}. */
    private void tunnelPortTo(String remoteIp) {
        update(Vswitch.BRIDGE, bridge, Map.of("name", Atom.string("br-int"), "ports", Atom.uuid(Uuid.of(port))));
        update(Vswitch.PORT, port, Map.of("name", Atom.string("vx0a000001"), "interfaces",
                Atom.uuid(Uuid.of(iface)), "external_ids", com.vmware.ovsdb.protocol.operation.notation.Map.of(
                        Map.of(Vswitch.OWNER, Vswitch.OWNER_TUNNEL, HypervisorReconciler.REMOTE_VTEP, "hv1"))));
        interfaceOptions(remoteIp);
    }

    private void interfaceOptions(String remoteIp) {
        update(Vswitch.INTERFACE, iface, Map.of("name", Atom.string("vx0a000001"), "type", Atom.string("vxlan"),
                "options", com.vmware.ovsdb.protocol.operation.notation.Map.of(Map.of("remote_ip", remoteIp))));
    }

    private void portIs(String name, Map<String, String> externalIds) {
        Map<String, Value> columns = new HashMap<>();
        columns.put("name", Atom.string(name));
        columns.put("external_ids", com.vmware.ovsdb.protocol.operation.notation.Map.of(externalIds));
        Row row = new Row(columns);
        cache.apply(new TableUpdates(Map.of(Vswitch.PORT, new TableUpdate(Map.of(port, new RowUpdate(null, row))))));
    }

    @Test
    void aRowChangedByAMonitorUpdateIsReadAgain() {
        portIs("vx0a000001", Map.of(Vswitch.OWNER, Vswitch.OWNER_TUNNEL));
        assertTrue(view.ownedAs(Vswitch.PORT, port, Vswitch.OWNER_TUNNEL));

        portIs("vx0a000002", Map.of("someone-else", "x"));

        assertFalse(view.ownedAs(Vswitch.PORT, port, Vswitch.OWNER_TUNNEL));
        assertEquals("vx0a000002", view.string(Vswitch.PORT, port, "name"));
    }

    /** A plan reads the bridge's ports from what the view kept: an interface edited since must show. */
    @Test
    void aTunnelPortsInterfaceChangedByAMonitorUpdateIsReadAgain() {
        tunnelPortTo("10.0.0.1");
        assertEquals(Map.of("remote_ip", "10.0.0.1"),
                view.tunnelPorts(bridge).get(0).interfaces().get(0).options());

        interfaceOptions("10.9.9.9");

        HypervisorView.TunnelPort read = view.tunnelPorts(bridge).get(0);
        assertEquals("hv1", read.remoteVtep());
        assertEquals(Map.of("remote_ip", "10.9.9.9"), read.interfaces().get(0).options());
        assertEquals(List.of(), view.otherPorts(bridge));
    }

    @Test
    void aDeletedRowReadsAsAbsent() {
        portIs("vx0a000001", Map.of(Vswitch.OWNER, Vswitch.OWNER_TUNNEL));
        assertEquals("vx0a000001", view.string(Vswitch.PORT, port, "name"));

        cache.apply(new TableUpdates(Map.of(Vswitch.PORT, new TableUpdate(Map.of(port, new RowUpdate(null, null))))));

        assertEquals("", view.string(Vswitch.PORT, port, "name"));
        assertEquals(Map.of(), view.map(Vswitch.PORT, port, "external_ids"));
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.session.TableCache;

class HypervisorViewTest {

    private final TableCache cache = new TableCache();
    private final HypervisorView view = new HypervisorView(cache);
    private final UUID port = UUID.randomUUID();

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

    @Test
    void aDeletedRowReadsAsAbsent() {
        portIs("vx0a000001", Map.of(Vswitch.OWNER, Vswitch.OWNER_TUNNEL));
        assertEquals("vx0a000001", view.string(Vswitch.PORT, port, "name"));

        cache.apply(new TableUpdates(Map.of(Vswitch.PORT, new TableUpdate(Map.of(port, new RowUpdate(null, null))))));

        assertEquals("", view.string(Vswitch.PORT, port, "name"));
        assertEquals(Map.of(), view.map(Vswitch.PORT, port, "external_ids"));
    }
}

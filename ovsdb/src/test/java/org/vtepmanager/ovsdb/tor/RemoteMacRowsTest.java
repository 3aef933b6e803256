package org.vtepmanager.ovsdb.tor;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.session.TableCache;

/** The index follows the cache's Ucast_Macs_Remote rows through inserts, changes, moves and deletes. */
class RemoteMacRowsTest {

    private final TableCache cache = new TableCache();
    private final RemoteMacRows rows = new RemoteMacRows();
    private final UUID blue = UUID.randomUUID();
    private final UUID red = UUID.randomUUID();
    private final UUID locator = UUID.randomUUID();
    private final UUID row = UUID.randomUUID();

    RemoteMacRowsTest() {
        cache.watch(HardwareVtep.UCAST_MACS_REMOTE, rows::changed);
    }

    @Test
    void aRowIsIndexedUnderItsSwitchWithItsMacInLowerCase() {
        update(row, remote("02:00:00:00:00:AA", blue, "10.0.0.1"));

        assertThat(rows.of(blue)).containsExactly(Map.entry(row,
                new RemoteMacRows.RemoteRow("02:00:00:00:00:aa", Optional.of(locator), "10.0.0.1")));
        assertThat(rows.of(red)).isEmpty();
    }

    @Test
    void aChangedRowIsReadAgainAndARowMovedToAnotherSwitchLeavesTheFirst() {
        update(row, remote("02:00:00:00:00:aa", blue, ""));
        update(row, remote("02:00:00:00:00:aa", blue, "10.0.0.2"));
        assertThat(rows.of(blue).get(row).ipaddr()).isEqualTo("10.0.0.2");

        update(row, remote("02:00:00:00:00:aa", red, "10.0.0.2"));

        assertThat(rows.of(blue)).isEmpty();
        assertThat(rows.of(red)).containsOnlyKeys(row);
    }

    @Test
    void aDeletedRowLeavesTheIndex() {
        UUID other = UUID.randomUUID();
        update(row, remote("02:00:00:00:00:aa", blue, ""));
        update(other, remote("02:00:00:00:00:bb", blue, ""));

        update(row, null);

        assertThat(rows.of(blue)).containsOnlyKeys(other);
    }

    private void update(UUID uuid, Row newRow) {
        cache.apply(new TableUpdates(Map.of(HardwareVtep.UCAST_MACS_REMOTE,
                new TableUpdate(Map.of(uuid, new RowUpdate(null, newRow))))));
    }

    private Row remote(String mac, UUID logicalSwitch, String ip) {
        Map<String, Value> columns = new HashMap<>();
        columns.put("MAC", Atom.string(mac));
        columns.put("logical_switch", Atom.uuid(Uuid.of(logicalSwitch)));
        columns.put("locator", Atom.uuid(Uuid.of(locator)));
        columns.put("ipaddr", Atom.string(ip));
        return new Row(columns);
    }
}

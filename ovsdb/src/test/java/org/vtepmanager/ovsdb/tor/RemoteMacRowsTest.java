package org.vtepmanager.ovsdb.tor;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.session.TableCache;

/** The index follows the cache's Ucast_Macs_Remote rows through inserts, changes, moves and deletes. */
class RemoteMacRowsTest {

    private final TableCache cache = new TableCache();
    private final UUID blue = UUID.randomUUID();
    private final UUID red = UUID.randomUUID();
    private final List<String> touched = new ArrayList<>();
    private final RemoteMacRows rows = new RemoteMacRows(
            (ls, mac) -> touched.add((ls.equals(blue) ? "blue " : "red ") + mac));
    private final UUID locator = UUID.randomUUID();
    private final UUID row = UUID.randomUUID();

    RemoteMacRowsTest() {
        cache.watch(HardwareVtep.UCAST_MACS_REMOTE, rows::changed);
    }

    @Test
    void aRowIsIndexedUnderItsSwitchAndItsMacInLowerCase() {
        update(row, remote("02:00:00:00:00:AA", blue, "10.0.0.1"));

        RemoteMacRows.RemoteRow read = new RemoteMacRows.RemoteRow(row, "02:00:00:00:00:aa", Optional.of(locator),
                "10.0.0.1");
        assertThat(rows.of(blue)).containsExactly(Map.entry("02:00:00:00:00:aa", List.of(read)));
        assertThat(rows.of(blue, "02:00:00:00:00:aa")).containsExactly(read);
        assertThat(rows.of(red)).isEmpty();
        assertThat(touched).containsExactly("blue 02:00:00:00:00:aa");
    }

    @Test
    void aSecondRowOfTheSameMacIsKeptBesideTheFirstAndOutlivesIt() {
        UUID duplicate = UUID.randomUUID();
        update(row, remote("02:00:00:00:00:aa", blue, ""));
        update(duplicate, remote("02:00:00:00:00:aa", blue, ""));
        assertThat(rows.of(blue, "02:00:00:00:00:aa")).extracting(RemoteMacRows.RemoteRow::uuid)
                .containsExactly(row, duplicate);

        update(row, null);

        assertThat(rows.of(blue, "02:00:00:00:00:aa")).extracting(RemoteMacRows.RemoteRow::uuid)
                .containsExactly(duplicate);
    }

    @Test
    void aChangedRowIsReadAgainAndARowMovedToAnotherSwitchLeavesTheFirst() {
        update(row, remote("02:00:00:00:00:aa", blue, ""));
        update(row, remote("02:00:00:00:00:aa", blue, "10.0.0.2"));
        assertThat(rows.of(blue, "02:00:00:00:00:aa")).singleElement()
                .satisfies(r -> assertThat(r.ipaddr()).isEqualTo("10.0.0.2"));
        assertThat(touched).as("once per row change, as a session counts its own writes")
                .containsExactly("blue 02:00:00:00:00:aa", "blue 02:00:00:00:00:aa");
        touched.clear();

        update(row, remote("02:00:00:00:00:aa", red, "10.0.0.2"));

        assertThat(rows.of(blue)).isEmpty();
        assertThat(rows.of(red, "02:00:00:00:00:aa")).extracting(RemoteMacRows.RemoteRow::uuid).containsExactly(row);
        assertThat(touched).as("both the switch it left and the one it joined")
                .containsExactly("blue 02:00:00:00:00:aa", "red 02:00:00:00:00:aa");
    }

    @Test
    void aDeletedRowLeavesTheIndex() {
        UUID other = UUID.randomUUID();
        update(row, remote("02:00:00:00:00:aa", blue, ""));
        update(other, remote("02:00:00:00:00:bb", blue, ""));

        touched.clear();

        update(row, null);

        assertThat(rows.of(blue)).containsOnlyKeys("02:00:00:00:00:bb");
        assertThat(touched).containsExactly("blue 02:00:00:00:00:aa");
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

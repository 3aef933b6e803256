package org.vtepmanager.ovsdb.tor;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Pair;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.session.TableCache;

/**
 * The questions a pass asks once per Logical_Switch are answered from indexes of the cache; each answer follows the
 * rows it is about as they change, as the scans they replaced did.
 */
class TorViewTest {

    private final TableCache cache = new TableCache();
    private final TorView view = new TorView(cache, new RemoteMacRows((ls, mac) -> { }), true);
    private final UUID blue = UUID.randomUUID();
    private final UUID red = UUID.randomUUID();

    @Test
    void aLogicalSwitchIsFoundByItsNameUntilItIsRenamedOrDeleted() {
        update(HardwareVtep.LOGICAL_SWITCH, blue, logicalSwitch("vtep-manager-5000"));
        assertThat(view.logicalSwitch("vtep-manager-5000")).contains(blue);

        update(HardwareVtep.LOGICAL_SWITCH, blue, logicalSwitch("vtep-manager-5001"));
        assertThat(view.logicalSwitch("vtep-manager-5000")).isEmpty();
        assertThat(view.logicalSwitch("vtep-manager-5001")).contains(blue);

        update(HardwareVtep.LOGICAL_SWITCH, blue, null);
        assertThat(view.logicalSwitch("vtep-manager-5001")).isEmpty();
    }

    @Test
    void aMacRowIsListedUnderItsSwitchAndFollowsItWhenMovedOrDeleted() {
        UUID row = UUID.randomUUID();
        update(HardwareVtep.MCAST_MACS_REMOTE, row, mac(blue));
        assertThat(view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, blue)).containsOnlyKeys(row);
        assertThat(view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, red)).isEmpty();

        update(HardwareVtep.MCAST_MACS_REMOTE, row, mac(red));
        assertThat(view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, blue)).isEmpty();
        assertThat(view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, red)).containsOnlyKeys(row);

        update(HardwareVtep.MCAST_MACS_REMOTE, row, null);
        assertThat(view.macsOf(HardwareVtep.MCAST_MACS_REMOTE, red)).isEmpty();
    }

    @Test
    void aSwitchIsReferencedWhileAPortBindsItOrTheSwitchReportsLocalMacsInIt() {
        UUID port = UUID.randomUUID();
        UUID local = UUID.randomUUID();
        update(HardwareVtep.PHYSICAL_PORT, port, port(Map.of(100L, blue)));
        update(HardwareVtep.UCAST_MACS_LOCAL, local, mac(red));
        assertThat(view.stillReferenced(blue)).isTrue();
        assertThat(view.stillReferenced(red)).isTrue();

        update(HardwareVtep.PHYSICAL_PORT, port, port(Map.of()));
        update(HardwareVtep.UCAST_MACS_LOCAL, local, null);

        assertThat(view.stillReferenced(blue)).isFalse();
        assertThat(view.stillReferenced(red)).isFalse();
    }

    private void update(String table, UUID uuid, Row row) {
        cache.apply(new TableUpdates(Map.of(table, new TableUpdate(Map.of(uuid, new RowUpdate(null, row))))));
    }

    private static Row logicalSwitch(String name) {
        return new Row(Map.<String, Value>of("name", Atom.string(name)));
    }

    private static Row mac(UUID logicalSwitch) {
        return new Row(Map.<String, Value>of("MAC", Atom.string("unknown-dst"), "logical_switch",
                Atom.uuid(Uuid.of(logicalSwitch))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Row port(Map<Long, UUID> bindings) {
        List<Pair> pairs = bindings.entrySet().stream()
                .map(e -> new Pair(Atom.integer(e.getKey()), Atom.uuid(Uuid.of(e.getValue())))).toList();
        return new Row(Map.<String, Value>of("name", Atom.string("p1"), "vlan_bindings",
                new com.vmware.ovsdb.protocol.operation.notation.Map(pairs)));
    }
}

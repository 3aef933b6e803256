package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.notation.Rows;

/** An index is built from its table's rows when asked for, and built again only once that table changed. */
class TableIndexTest {

    private final TableCache cache = new TableCache();
    private int builds;
    private final TableIndex<Set<String>> names = new TableIndex<>(cache, "Logical_Switch", rows -> {
        builds++;
        Set<String> all = new TreeSet<>();
        rows.values().forEach(row -> all.add(Rows.string(row, "name")));
        return all;
    });

    @Test
    void anIndexAskedForTwiceWithoutAChangeIsBuiltOnce() {
        update("Logical_Switch", UUID.randomUUID(), named("blue"));

        assertThat(names.get()).containsExactly("blue");
        assertThat(names.get()).containsExactly("blue");
        assertThat(builds).isEqualTo(1);
    }

    @Test
    void aChangeOfItsTableIsSeenAtTheNextAsking() {
        UUID blue = UUID.randomUUID();
        update("Logical_Switch", blue, named("blue"));
        assertThat(names.get()).containsExactly("blue");

        update("Logical_Switch", UUID.randomUUID(), named("red"));
        assertThat(names.get()).containsExactly("blue", "red");

        update("Logical_Switch", blue, null);
        assertThat(names.get()).containsExactly("red");
        assertThat(builds).isEqualTo(3);
    }

    @Test
    void aChangeOfAnotherTableKeepsTheIndex() {
        update("Logical_Switch", UUID.randomUUID(), named("blue"));
        assertThat(names.get()).containsExactly("blue");

        update("Physical_Port", UUID.randomUUID(), named("p1"));

        assertThat(names.get()).containsExactly("blue");
        assertThat(builds).isEqualTo(1);
    }

    private void update(String table, UUID uuid, Row row) {
        cache.apply(new TableUpdates(Map.of(table, new TableUpdate(Map.of(uuid, new RowUpdate(null, row))))));
    }

    private static Row named(String name) {
        return new Row(Map.<String, Value>of("name", Atom.string(name)));
    }
}

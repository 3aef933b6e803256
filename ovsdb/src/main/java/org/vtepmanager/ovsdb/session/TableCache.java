package org.vtepmanager.ovsdb.session;

import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of the monitored tables, as the last monitor message left them (RFC 7047 monitor: a row update's
 * {@code new} carries every monitored column). Confined to the events executor.
 */
public final class TableCache {

    private final Map<String, Map<UUID, Row>> tables = new HashMap<>();
    private final Map<String, RowWatcher> watchers = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();

    /** Told of every row of one table as it changes, for an index kept beside the cache. */
    @FunctionalInterface
    public interface RowWatcher {
        /** {@code row} is the row's new version, or null when it was deleted. */
        void changed(UUID uuid, Row row);
    }

    /** {@code watcher} sees each later change of {@code table}'s rows; one per table. */
    public void watch(String table, RowWatcher watcher) {
        watchers.put(table, watcher);
    }

    public void apply(TableUpdates updates) {
        updates.getTableUpdates().forEach(this::apply);
    }

    private void apply(String table, TableUpdate update) {
        versions.merge(table, 1L, Long::sum);
        Map<UUID, Row> rows = tables.computeIfAbsent(table, t -> new HashMap<>());
        RowWatcher watcher = watchers.getOrDefault(table, (uuid, row) -> { });
        for (Map.Entry<UUID, RowUpdate> change : update.getRowUpdates().entrySet()) {
            Row row = change.getValue().getNew();
            if (row == null) {
                rows.remove(change.getKey());
            } else {
                rows.put(change.getKey(), row);
            }
            watcher.changed(change.getKey(), row);
        }
    }

    /** Counts the updates {@code table} took: what was derived from its rows at one count holds until the next. */
    public long version(String table) {
        return versions.getOrDefault(table, 0L);
    }

    public Map<UUID, Row> rows(String table) {
        return Collections.unmodifiableMap(tables.getOrDefault(table, Map.of()));
    }
}

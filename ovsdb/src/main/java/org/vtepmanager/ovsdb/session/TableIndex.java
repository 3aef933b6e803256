package org.vtepmanager.ovsdb.session;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Something derived from one cached table's rows, such as its rows by a column, built when first asked for after
 * the table changed and kept until it changes again. A pass that asks one question per row of another table (each
 * Logical_Switch's Mcast_Macs_Remote rows) would otherwise read the whole table for each, which made a ToR with
 * thousands of networks take seconds per pass. Confined, like its {@link TableCache}, to the events executor.
 */
public final class TableIndex<T> {

    private final TableCache cache;
    private final String table;
    private final Function<Map<UUID, Row>, T> build;
    private long builtAt = -1;
    private T value;

    public TableIndex(TableCache cache, String table, Function<Map<UUID, Row>, T> build) {
        this.cache = cache;
        this.table = table;
        this.build = build;
    }

    public T get() {
        long version = cache.version(table);
        if (version != builtAt) {
            value = build.apply(cache.rows(table));
            builtAt = version;
        }
        return value;
    }
}

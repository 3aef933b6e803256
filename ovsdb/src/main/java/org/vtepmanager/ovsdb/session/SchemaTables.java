package org.vtepmanager.ovsdb.session;

import java.util.Map;
import java.util.Set;

/**
 * The tables of a database schema and their columns, read from the raw {@code get_schema} reply. The library's
 * typed {@code DatabaseSchema} takes the better part of a second to deserialize the vswitch schema (exceptions
 * thrown and caught per column type), time the events thread would spend on nothing else.
 */
public record SchemaTables(Map<String, Set<String>> columns) {

    public SchemaTables {
        columns = Map.copyOf(columns);
    }

    public Set<String> tables() {
        return columns.keySet();
    }

    public boolean hasColumn(String table, String column) {
        return columns.getOrDefault(table, Set.of()).contains(column);
    }
}

package org.vtepmanager.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.vtepmanager.core.MacAddress;

/**
 * What of a stored row this build cannot load: a value an earlier build accepted and this one refuses (a loopback
 * tunnel IP, say). An optional value is dropped from its row, which loads without it; a required one takes the row,
 * and with it the bindings and static MACs that hang off a VTEP or network set aside. Rather than refuse to start,
 * the store moves what it drops into table {@code set_aside} with the row's values and the reason, and logs each:
 * the operator sees what was dropped and can enter it again, corrected, through the API.
 *
 * @param table the intent table the row came from
 * @param row every column as {@code name=value}, to enter the row again by hand
 * @param reason why it did not load, naming the field
 * @param columns the optional columns dropped from the row, which stays; empty when the whole row goes
 */
record SetAside(String table, String row, String reason, List<String> keyColumns, List<Object> keyValues,
        List<String> columns) {

    /** The whole current row of {@code result}, whose key is {@code keyColumns}. */
    static SetAside row(String table, ResultSet result, List<String> keyColumns, String reason) throws SQLException {
        return columns(table, result, keyColumns, List.of(), reason);
    }

    /** Optional {@code columns} of the current row of {@code result}; the row stays. */
    static SetAside columns(String table, ResultSet result, List<String> keyColumns, List<String> columns,
            String reason) throws SQLException {
        ResultSetMetaData described = result.getMetaData();
        StringJoiner row = new StringJoiner(", ");
        for (int i = 1; i <= described.getColumnCount(); i++) {
            String column = described.getColumnLabel(i).toLowerCase(Locale.ROOT);
            row.add(column + "=" + readable(column, result.getObject(i)));
        }
        List<Object> keyValues = new ArrayList<>();
        for (String column : keyColumns) {
            keyValues.add(result.getObject(column));
        }
        return new SetAside(table, row.toString(), reason, List.copyOf(keyColumns), List.copyOf(keyValues),
                List.copyOf(columns));
    }

    /** MACs are stored as numbers; the operator re-enters them as text (a number too wide stays a number). */
    private static Object readable(String column, Object value) {
        if (column.equals("mac") && value instanceof Long bits) {
            try {
                return new MacAddress(bits);
            } catch (IllegalArgumentException e) {
                return value;
            }
        }
        return value;
    }

    /**
     * Copies the row into {@code set_aside}, then deletes it from its table or clears the dropped columns, in the
     * caller's transaction. Table and column names are this class's callers' constants, never stored values.
     */
    void moveOut(Connection db, long revision) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO set_aside(table_name, row_values, reason, revision) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, table);
            insert.setString(2, row);
            insert.setString(3, reason);
            insert.setLong(4, revision);
            insert.executeUpdate();
        }
        StringJoiner where = new StringJoiner(" AND ");
        keyColumns.forEach(column -> where.add(column + " = ?"));
        StringJoiner cleared = new StringJoiner(", ");
        columns.forEach(column -> cleared.add(column + " = NULL"));
        String sql = columns.isEmpty() ? "DELETE FROM " + table + " WHERE " + where
                : "UPDATE " + table + " SET " + cleared + " WHERE " + where;
        try (PreparedStatement change = db.prepareStatement(sql)) {
            for (int i = 0; i < keyValues.size(); i++) {
                change.setObject(i + 1, keyValues.get(i));
            }
            change.executeUpdate();
        }
    }
}

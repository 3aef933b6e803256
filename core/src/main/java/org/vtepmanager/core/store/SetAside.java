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
 * A stored row this build cannot load: a value an earlier build accepted and this one refuses (a loopback tunnel
 * IP, say), or a binding or static MAC whose VTEP or network was itself set aside. Rather than refuse to start,
 * the store moves such rows into table {@code set_aside} with their values and the reason, and logs each: the
 * operator sees what was dropped and can enter it again, corrected, through the API.
 *
 * @param table the intent table the row came from
 * @param row every column as {@code name=value}, to enter the row again by hand
 * @param reason why it did not load, naming the field
 */
record SetAside(String table, String row, String reason, List<String> keyColumns, List<Object> keyValues) {

    /** Describes the current row of {@code result}, whose key is {@code keyColumns}. */
    static SetAside of(String table, ResultSet result, List<String> keyColumns, String reason) throws SQLException {
        ResultSetMetaData columns = result.getMetaData();
        StringJoiner row = new StringJoiner(", ");
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            String column = columns.getColumnLabel(i).toLowerCase(Locale.ROOT);
            row.add(column + "=" + readable(column, result.getObject(i)));
        }
        List<Object> keyValues = new ArrayList<>();
        for (String column : keyColumns) {
            keyValues.add(result.getObject(column));
        }
        return new SetAside(table, row.toString(), reason, List.copyOf(keyColumns), keyValues);
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

    /** Copies the row into {@code set_aside} and deletes it from its table, in the caller's transaction. */
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
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
            for (int i = 0; i < keyValues.size(); i++) {
                delete.setObject(i + 1, keyValues.get(i));
            }
            delete.executeUpdate();
        }
    }
}

package org.vtepmanager.ovsdb.notation;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Null-safe reads of OVSDB row columns, which the library returns as raw maps, sets and atoms. */
public final class Rows {

    private Rows() {
    }

    /** A string column, or an optional one (a set of at most one string, empty when unset): "" when absent. */
    public static String string(Row row, String column) {
        if (row.getColumns().get(column) == null) {
            return "";
        }
        Set<Object> values = row.getSetColumn(column);
        return values.isEmpty() ? "" : values.iterator().next().toString();
    }

    public static Map<String, String> map(Row row, String column) {
        if (row.getColumns().get(column) == null) {
            return Map.of();
        }
        Map<Object, Object> raw = row.getMapColumn(column);
        return raw.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString()));
    }

    public static Set<String> strings(Row row, String column) {
        if (row.getColumns().get(column) == null) {
            return Set.of();
        }
        Set<Object> raw = row.getSetColumn(column);
        return raw.stream().map(Object::toString).collect(Collectors.toSet());
    }

    public static Set<UUID> uuids(Row row, String column) {
        if (row.getColumns().get(column) == null) {
            return Set.of();
        }
        Set<Object> raw = row.getSetColumn(column);
        return raw.stream().map(v -> ((Uuid) v).getUuid()).collect(Collectors.toSet());
    }

    public static Optional<Long> integer(Row row, String column) {
        if (row.getColumns().get(column) == null) {
            return Optional.empty();
        }
        Set<Object> raw = row.getSetColumn(column);
        return raw.stream().map(v -> ((Number) v).longValue()).findFirst();
    }

    /** A reference column holding exactly one UUID (or an optional one): empty when unset. */
    public static Optional<UUID> uuid(Row row, String column) {
        return uuids(row, column).stream().findFirst();
    }

    /** A map column from integers to references, such as hardware_vtep's {@code vlan_bindings}. */
    public static Map<Long, UUID> integerToUuid(Row row, String column) {
        if (row.getColumns().get(column) == null) {
            return Map.of();
        }
        Map<Object, Object> raw = row.getMapColumn(column);
        return raw.entrySet().stream().collect(Collectors.toMap(e -> ((Number) e.getKey()).longValue(),
                e -> ((Uuid) e.getValue()).getUuid()));
    }
}

package org.vtepmanager.ovsdb.notation;

import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Pair;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Null-safe reads of OVSDB row columns. They walk the library's notation values directly rather than through
 * {@code Row.getSetColumn}/{@code getMapColumn}, which build a stream and a new collection per call: reconcilers read
 * every tunnel port's columns on every pass, and at 200 hypervisors those copies were most of a pass.
 */
public final class Rows {

    private Rows() {
    }

    /** A string column, or an optional one (a set of at most one string, empty when unset): "" when absent. */
    public static String string(Row row, String column) {
        Value value = row.getColumns().get(column);
        if (value instanceof Atom<?> atom) {
            return atom.getValue().toString();
        }
        if (value instanceof com.vmware.ovsdb.protocol.operation.notation.Set set && !set.getSet().isEmpty()) {
            return set.getSet().iterator().next().getValue().toString();
        }
        return "";
    }

    public static Map<String, String> map(Row row, String column) {
        if (!(row.getColumns().get(column) instanceof com.vmware.ovsdb.protocol.operation.notation.Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> result = new HashMap<>();
        for (Pair<?, ?> pair : map.getPairs()) {
            result.put(pair.getKey().getValue().toString(), pair.getValue().getValue().toString());
        }
        return result;
    }

    public static Set<String> strings(Row row, String column) {
        Set<String> result = new HashSet<>();
        for (Object element : elements(row, column)) {
            result.add(element.toString());
        }
        return result;
    }

    public static Set<UUID> uuids(Row row, String column) {
        Set<UUID> result = new HashSet<>();
        for (Object element : elements(row, column)) {
            result.add(((Uuid) element).getUuid());
        }
        return result;
    }

    public static Optional<Long> integer(Row row, String column) {
        List<Object> elements = elements(row, column);
        return elements.isEmpty() ? Optional.empty() : Optional.of(((Number) elements.get(0)).longValue());
    }

    /** A reference column holding exactly one UUID (or an optional one): empty when unset. */
    public static Optional<UUID> uuid(Row row, String column) {
        return uuids(row, column).stream().findFirst();
    }

    /** A map column from integers to references, such as hardware_vtep's {@code vlan_bindings}. */
    public static Map<Long, UUID> integerToUuid(Row row, String column) {
        if (!(row.getColumns().get(column) instanceof com.vmware.ovsdb.protocol.operation.notation.Map<?, ?> map)) {
            return Map.of();
        }
        Map<Long, UUID> result = new HashMap<>();
        for (Pair<?, ?> pair : map.getPairs()) {
            result.put(((Number) pair.getKey().getValue()).longValue(), ((Uuid) pair.getValue().getValue()).getUuid());
        }
        return result;
    }

    /** The values of a set column; RFC 7047 lets a set of one travel as the bare atom. */
    private static List<Object> elements(Row row, String column) {
        Value value = row.getColumns().get(column);
        if (value instanceof Atom<?> atom) {
            return List.of(atom.getValue());
        }
        if (value instanceof com.vmware.ovsdb.protocol.operation.notation.Set set) {
            List<Object> result = new ArrayList<>(set.getSet().size());
            for (Atom<?> atom : set.getSet()) {
                result.add(atom.getValue());
            }
            return result;
        }
        return List.of();
    }
}

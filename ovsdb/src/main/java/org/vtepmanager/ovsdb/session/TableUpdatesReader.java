package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.vmware.ovsdb.protocol.methods.RowUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdate;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Map;
import com.vmware.ovsdb.protocol.operation.notation.Pair;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Set;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * Reads monitor replies and update notifications (RFC 7047 §4.1.6, §5.1) from raw JSON into the library's
 * {@link TableUpdates}. The library's own deserializers find a value's kind by trying atom, then set, then map,
 * throwing and catching an exception (with its stack trace) at each miss: three exceptions for every set or map
 * column of every row, which made large monitor updates the manager's hottest path. Here the tag is just read.
 */
public final class TableUpdatesReader {

    private TableUpdatesReader() {
    }

    public static TableUpdates read(JsonNode updates) {
        java.util.Map<String, TableUpdate> tables = new HashMap<>();
        updates.fields().forEachRemaining(table -> tables.put(table.getKey(), table(table.getValue())));
        return new TableUpdates(tables);
    }

    private static TableUpdate table(JsonNode rows) {
        java.util.Map<UUID, RowUpdate> updates = new HashMap<>();
        rows.fields().forEachRemaining(row -> updates.put(UUID.fromString(row.getKey()),
                new RowUpdate(row(row.getValue().get("old")), row(row.getValue().get("new")))));
        return new TableUpdate(updates);
    }

    private static Row row(JsonNode row) {
        if (row == null || row.isNull()) {
            return null;
        }
        java.util.Map<String, Value> columns = new LinkedHashMap<>();
        row.fields().forEachRemaining(column -> columns.put(column.getKey(), value(column.getValue())));
        return new Row(columns);
    }

    /** {@code <value>}: an atom, {@code ["set", [...]]} or {@code ["map", [[k, v], ...]]}. */
    static Value value(JsonNode value) {
        if (value.isArray() && value.size() == 2 && "set".equals(value.get(0).asText())) {
            java.util.Set<Atom> atoms = new HashSet<>();
            value.get(1).forEach(atom -> atoms.add(atom(atom)));
            return new Set(atoms);
        }
        if (value.isArray() && value.size() == 2 && "map".equals(value.get(0).asText())) {
            List<Pair<Object, Object>> pairs = new ArrayList<>();
            Iterator<JsonNode> entries = value.get(1).elements();
            while (entries.hasNext()) {
                JsonNode entry = entries.next();
                pairs.add(new Pair<>(atom(entry.get(0)), atom(entry.get(1))));
            }
            return new Map<>(pairs);
        }
        return atom(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> Atom<T> atom(JsonNode atom) {
        if (atom.isTextual()) {
            return (Atom<T>) Atom.string(atom.asText());
        }
        if (atom.isIntegralNumber()) {
            return (Atom<T>) Atom.integer(atom.asLong());
        }
        if (atom.isNumber()) {
            return (Atom<T>) Atom.real(atom.asDouble());
        }
        if (atom.isBoolean()) {
            return (Atom<T>) Atom.bool(atom.asBoolean());
        }
        if (atom.isArray() && atom.size() == 2 && "uuid".equals(atom.get(0).asText())) {
            return (Atom<T>) Atom.uuid(UUID.fromString(atom.get(1).asText()));
        }
        if (atom.isArray() && atom.size() == 2 && "named-uuid".equals(atom.get(0).asText())) {
            return (Atom<T>) Atom.namedUuid(atom.get(1).asText());
        }
        throw new IllegalArgumentException(atom + " is not an OVSDB atom");
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.Insert;
import com.vmware.ovsdb.protocol.operation.Mutate;
import com.vmware.ovsdb.protocol.operation.Update;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Function;
import com.vmware.ovsdb.protocol.operation.notation.Map;
import com.vmware.ovsdb.protocol.operation.notation.Mutator;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Set;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.UUID;

/** Builders for the few OVSDB operations the reconcilers emit, over the library's notation types. */
final class Ops {

    private Ops() {
    }

    static RowBuilder row() {
        return new RowBuilder();
    }

    static Insert insert(String table, String uuidName, RowBuilder row) {
        return new Insert(table, row.build()).withUuidName(uuidName);
    }

    static Update update(String table, UUID uuid, RowBuilder row) {
        return new Update(table, row.build()).where("_uuid", Function.EQUALS, Uuid.of(uuid));
    }

    /** Adds references (named or real UUIDs) to a set column of one row. */
    static Mutate insertInto(String table, UUID uuid, String column, Collection<Atom<?>> references) {
        return mutate(table, uuid, column, Mutator.INSERT, references);
    }

    static Mutate deleteFrom(String table, UUID uuid, String column, Collection<Atom<?>> references) {
        return mutate(table, uuid, column, Mutator.DELETE, references);
    }

    private static Mutate mutate(String table, UUID uuid, String column, Mutator mutator,
            Collection<Atom<?>> references) {
        Mutate mutate = new Mutate(table).where("_uuid", Function.EQUALS, Uuid.of(uuid));
        mutate.getMutations().add(new com.vmware.ovsdb.protocol.operation.notation.Mutation(column, mutator,
                new Set(new java.util.HashSet<>(references))));
        return mutate;
    }

    static Atom<?> named(String uuidName) {
        return Atom.namedUuid(uuidName);
    }

    static Atom<?> uuid(UUID uuid) {
        return Atom.uuid(uuid);
    }

    /** Column values in OVSDB notation, in insertion order. */
    static final class RowBuilder {
        private final LinkedHashMap<String, Value> columns = new LinkedHashMap<>();

        RowBuilder string(String column, String value) {
            columns.put(column, Atom.string(value));
            return this;
        }

        RowBuilder map(String column, java.util.Map<String, String> value) {
            columns.put(column, Map.of(value));
            return this;
        }

        RowBuilder set(String column, Collection<Atom<?>> atoms) {
            columns.put(column, new Set(new java.util.HashSet<>(atoms)));
            return this;
        }

        RowBuilder strings(String column, Collection<String> values) {
            java.util.Set<Atom> atoms = new java.util.HashSet<>();
            values.forEach(v -> atoms.add(Atom.string(v)));
            columns.put(column, new Set(atoms));
            return this;
        }

        boolean isEmpty() {
            return columns.isEmpty();
        }

        Row build() {
            return new Row(columns);
        }
    }
}

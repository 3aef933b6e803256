package org.vtepmanager.ovsdb.notation;

import com.vmware.ovsdb.protocol.operation.Delete;
import com.vmware.ovsdb.protocol.operation.Insert;
import com.vmware.ovsdb.protocol.operation.Mutate;
import com.vmware.ovsdb.protocol.operation.Update;
import com.vmware.ovsdb.protocol.operation.Wait;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Condition;
import com.vmware.ovsdb.protocol.operation.notation.Function;
import com.vmware.ovsdb.protocol.operation.notation.Map;
import com.vmware.ovsdb.protocol.operation.notation.Mutation;
import com.vmware.ovsdb.protocol.operation.notation.Mutator;
import com.vmware.ovsdb.protocol.operation.notation.Pair;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Set;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.notation.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/** Builders for the few OVSDB operations the reconcilers emit, over the library's notation types. */
public final class Ops {

    private Ops() {
    }

    public static RowBuilder row() {
        return new RowBuilder();
    }

    public static Insert insert(String table, String uuidName, RowBuilder row) {
        return new Insert(table, row.build()).withUuidName(uuidName);
    }

    public static Update update(String table, UUID uuid, RowBuilder row) {
        return new Update(table, row.build()).where("_uuid", Function.EQUALS, Uuid.of(uuid));
    }

    public static Delete delete(String table, UUID uuid) {
        return new Delete(table).where("_uuid", Function.EQUALS, Uuid.of(uuid));
    }

    /** Adds references (named or real UUIDs) to a set column of one row. */
    public static Mutate insertInto(String table, UUID uuid, String column, Collection<Atom<?>> references) {
        return mutate(table, uuid, column, Mutator.INSERT, new Set(new HashSet<>(references)));
    }

    public static Mutate deleteFrom(String table, UUID uuid, String column, Collection<Atom<?>> references) {
        return mutate(table, uuid, column, Mutator.DELETE, new Set(new HashSet<>(references)));
    }

    /**
     * Adds {@code key → reference} to a map column. RFC 7047 leaves a key that is already present untouched, so
     * this never overwrites an entry another writer made meanwhile.
     */
    public static Mutate putInto(String table, UUID uuid, String column, long key, Atom<?> reference) {
        return mutate(table, uuid, column, Mutator.INSERT, pair(key, reference));
    }

    /**
     * Sets {@code entries} in a string map column and leaves its other keys as they are on the switch when the
     * transaction runs, not as our cache last saw them: a key an operator added meanwhile survives, which a whole
     * map written by update would erase.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static Mutate putStrings(String table, UUID uuid, String column, java.util.Map<String, String> entries) {
        List<Atom<?>> keys = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        entries.forEach((key, value) -> {
            keys.add(Atom.string(key));
            pairs.add(new Pair(Atom.string(key), Atom.string(value)));
        });
        Mutate mutate = new Mutate(table).where("_uuid", Function.EQUALS, Uuid.of(uuid));
        mutate.getMutations().add(new Mutation(column, Mutator.DELETE, new Set(new HashSet<>(keys))));
        mutate.getMutations().add(new Mutation(column, Mutator.INSERT, new Map(pairs)));
        return mutate;
    }

    /** Adds one to an integer column, as it is when the transaction runs. */
    public static Mutate increment(String table, UUID uuid, String column) {
        return mutate(table, uuid, column, Mutator.SUM, Atom.integer(1));
    }

    /** Removes {@code key}, whatever it maps to, from a string map column. */
    public static Mutate removeString(String table, UUID uuid, String column, String key) {
        return mutate(table, uuid, column, Mutator.DELETE, new Set(java.util.Set.of(Atom.string(key))));
    }

    /** Removes {@code key → reference} from a map column only while the key still maps to that reference. */
    public static Mutate removePair(String table, UUID uuid, String column, long key, UUID reference) {
        return mutate(table, uuid, column, Mutator.DELETE, pair(key, uuid(reference)));
    }

    /**
     * A precondition: the transaction aborts unless no row of {@code table} matches every {@code column = value}
     * condition (e.g. no other writer inserted the same MAC since our cache was read).
     */
    public static Wait noRowWhere(String table, java.util.Map<String, Value> conditions) {
        List<Condition> where = new ArrayList<>();
        conditions.forEach((column, value) -> where.add(new Condition(column, Function.EQUALS, value)));
        List<String> projected = List.of(conditions.keySet().iterator().next());
        return new Wait(table, 0, where, projected, Wait.Until.EQUAL, List.of());
    }

    private static Mutate mutate(String table, UUID uuid, String column, Mutator mutator, Value value) {
        Mutate mutate = new Mutate(table).where("_uuid", Function.EQUALS, Uuid.of(uuid));
        mutate.getMutations().add(new Mutation(column, mutator, value));
        return mutate;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map pair(long key, Atom<?> value) {
        return new Map(List.of(new Pair(Atom.integer(key), value)));
    }

    public static Atom<?> named(String uuidName) {
        return Atom.namedUuid(uuidName);
    }

    public static Atom<?> uuid(UUID uuid) {
        return Atom.uuid(uuid);
    }

    /** Column values in OVSDB notation, in insertion order. */
    public static final class RowBuilder {
        private final LinkedHashMap<String, Value> columns = new LinkedHashMap<>();

        public RowBuilder string(String column, String value) {
            columns.put(column, Atom.string(value));
            return this;
        }

        public RowBuilder integer(String column, long value) {
            columns.put(column, Atom.integer(value));
            return this;
        }

        /** A column holding one reference (named or real UUID). */
        public RowBuilder reference(String column, Atom<?> reference) {
            columns.put(column, reference);
            return this;
        }

        public RowBuilder map(String column, java.util.Map<String, String> value) {
            columns.put(column, Map.of(value));
            return this;
        }

        public RowBuilder set(String column, Collection<Atom<?>> atoms) {
            columns.put(column, new Set(new HashSet<>(atoms)));
            return this;
        }

        public RowBuilder strings(String column, Collection<String> values) {
            java.util.Set<Atom> atoms = new HashSet<>();
            values.forEach(v -> atoms.add(Atom.string(v)));
            columns.put(column, new Set(atoms));
            return this;
        }

        public boolean isEmpty() {
            return columns.isEmpty();
        }

        public Row build() {
            return new Row(columns);
        }
    }
}

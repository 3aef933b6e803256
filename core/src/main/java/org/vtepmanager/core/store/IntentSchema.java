package org.vtepmanager.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.Replication;
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;

/**
 * The store's tables, one per record type, in plain SQL. Foreign keys repeat the referential rules of intent, so a
 * bug in them cannot leave a dangling binding on disk.
 */
final class IntentSchema {

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS meta(id INT PRIMARY KEY, revision BIGINT NOT NULL)",
            "MERGE INTO meta KEY(id) SELECT 1, COALESCE(MAX(revision), 0) FROM meta",
            "CREATE TABLE IF NOT EXISTS network(vni INT PRIMARY KEY, name VARCHAR NOT NULL, "
                    + "description VARCHAR NOT NULL, mtu INT, version BIGINT NOT NULL)",
            // Added after the first release: stores written before them get the columns (NULL: manager default),
            // and a new store gets them the same way, so both have one shape.
            "ALTER TABLE network ADD COLUMN IF NOT EXISTS replication VARCHAR",
            "ALTER TABLE network ADD COLUMN IF NOT EXISTS service_nodes VARCHAR",
            "CREATE TABLE IF NOT EXISTS vtep(id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, "
                    + "ovsdb_target VARCHAR UNIQUE, tunnel_ip VARCHAR, version BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS binding(vtep VARCHAR NOT NULL REFERENCES vtep(id), port VARCHAR NOT NULL, "
                    + "vlan INT NOT NULL, vni INT NOT NULL REFERENCES network(vni), version BIGINT NOT NULL, "
                    + "PRIMARY KEY(vtep, port, vlan))",
            "CREATE TABLE IF NOT EXISTS static_mac(vni INT NOT NULL REFERENCES network(vni), mac BIGINT NOT NULL, "
                    + "vtep VARCHAR NOT NULL REFERENCES vtep(id), port VARCHAR, vlan INT, version BIGINT NOT NULL, "
                    + "PRIMARY KEY(vni, mac))",
            "CREATE TABLE IF NOT EXISTS set_aside(seq BIGINT AUTO_INCREMENT PRIMARY KEY, table_name VARCHAR NOT NULL, "
                    + "row_values VARCHAR NOT NULL, reason VARCHAR NOT NULL, revision BIGINT NOT NULL)",
            // Written only to find out whether the file takes writes again (H2IntentStore.probeWrite).
            "CREATE TABLE IF NOT EXISTS write_probe(id INT PRIMARY KEY, at BIGINT NOT NULL)");

    private IntentSchema() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
        connection.commit();
    }

    /** What a store holds: the intent this build loads, and the rows it could not (see {@link SetAside}). */
    record Loaded(Intent intent, List<SetAside> setAside) {
    }

    static Loaded load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            List<SetAside> setAside = new ArrayList<>();
            long revision = revision(statement);
            SortedMap<Vni, Versioned<VirtualNetwork>> networks = networks(statement, setAside);
            SortedMap<VtepId, Versioned<Vtep>> vteps = vteps(statement, setAside);
            References loaded = new References(networks.keySet(), vteps.keySet());
            Intent intent = new Intent(revision, networks, vteps, bindings(statement, loaded, setAside),
                    staticMacs(statement, loaded, setAside));
            return new Loaded(intent, List.copyOf(setAside));
        }
    }

    /** Writes a value that differs from the last one, so that the commit after it must reach the file. */
    static void writeProbe(Connection connection, long at) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("MERGE INTO write_probe KEY(id) VALUES (1, " + at + ")");
        }
    }

    /** The revision a store holds, without loading its intent. */
    static long revision(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return revision(statement);
        }
    }

    private static long revision(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT revision FROM meta WHERE id = 1")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static SortedMap<Vni, Versioned<VirtualNetwork>> networks(Statement statement, List<SetAside> setAside)
            throws SQLException {
        SortedMap<Vni, Versioned<VirtualNetwork>> networks = new TreeMap<>();
        try (ResultSet row = statement.executeQuery(
                "SELECT vni, name, description, mtu, version, replication, service_nodes FROM network")) {
            while (row.next()) {
                read(row, "network", List.of("vni"), setAside, r -> {
                    int mtu = r.getInt(4);
                    OptionalInt explicitMtu = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(mtu);
                    // A replication this build refuses (a loopback service node) leaves the network on the default.
                    Optional<Replication> replication = optionalField(r, "network", List.of("vni"),
                            List.of("replication", "service_nodes"), setAside,
                            () -> ReplicationColumns.read(r.getString(6), r.getString(7)));
                    return versioned(r, new VirtualNetwork(Vni.of(r.getInt(1)), r.getString(2), r.getString(3),
                            explicitMtu, replication));
                }).ifPresent(network -> networks.put(network.value().vni(), network));
            }
        }
        return networks;
    }

    private static SortedMap<VtepId, Versioned<Vtep>> vteps(Statement statement, List<SetAside> setAside)
            throws SQLException {
        SortedMap<VtepId, Versioned<Vtep>> vteps = new TreeMap<>();
        try (ResultSet row = statement.executeQuery("SELECT id, kind, ovsdb_target, tunnel_ip, version FROM vtep")) {
            while (row.next()) {
                read(row, "vtep", List.of("id"), setAside, r -> {
                    VtepId id = VtepId.of(r.getString(1));
                    VtepKind kind = VtepKind.parse(r.getString(2));
                    // Both optional: a VTEP without a target waits for its switch to dial in, one without a tunnel
                    // IP uses the one it reports.
                    Optional<OvsdbAddress> target = optionalField(r, "vtep", List.of("id"), List.of("ovsdb_target"),
                            setAside, () -> Optional.ofNullable(r.getString(3)).map(OvsdbAddress::parse));
                    Optional<TunnelIp> tunnelIp = optionalField(r, "vtep", List.of("id"), List.of("tunnel_ip"),
                            setAside, () -> Optional.ofNullable(r.getString(4)).map(TunnelIp::parse));
                    return versioned(r, new Vtep(id, kind, target, tunnelIp));
                }).ifPresent(vtep -> vteps.put(vtep.value().id(), vtep));
            }
        }
        return vteps;
    }

    private static SortedMap<PortVlan, Versioned<VlanBinding>> bindings(Statement statement, References loaded,
            List<SetAside> setAside) throws SQLException {
        SortedMap<PortVlan, Versioned<VlanBinding>> bindings = new TreeMap<>();
        try (ResultSet row = statement.executeQuery("SELECT vtep, port, vlan, vni, version FROM binding")) {
            while (row.next()) {
                read(row, "binding", List.of("vtep", "port", "vlan"), setAside, r -> {
                    PortVlan portVlan = new PortVlan(VtepId.of(r.getString(1)), PortName.of(r.getString(2)),
                            VlanId.of(r.getInt(3)));
                    VlanBinding binding = new VlanBinding(portVlan, Vni.of(r.getInt(4)));
                    return versioned(r, loaded.require(portVlan.vtep(), binding.vni(), binding));
                }).ifPresent(binding -> bindings.put(binding.value().portVlan(), binding));
            }
        }
        return bindings;
    }

    private static SortedMap<StaticMac.Key, Versioned<StaticMac>> staticMacs(Statement statement,
            References loaded, List<SetAside> setAside) throws SQLException {
        SortedMap<StaticMac.Key, Versioned<StaticMac>> macs = new TreeMap<>();
        try (ResultSet row = statement.executeQuery("SELECT vni, mac, vtep, port, vlan, version FROM static_mac")) {
            while (row.next()) {
                read(row, "static_mac", List.of("vni", "mac"), setAside, r -> {
                    VtepId vtep = VtepId.of(r.getString(3));
                    String port = r.getString(4);
                    MacLocation location = port == null ? new MacLocation.Remote(vtep)
                            : MacLocation.Local.of(vtep, PortName.of(port), VlanId.of(r.getInt(5)));
                    Vni vni = Vni.of(r.getInt(1));
                    return versioned(r, loaded.require(vtep, vni, new StaticMac(vni, new MacAddress(r.getLong(2)),
                            location)));
                }).ifPresent(mac -> macs.put(mac.value().key(), mac));
            }
        }
        return macs;
    }

    private static <T> Versioned<T> versioned(ResultSet row, T value) throws SQLException {
        return new Versioned<>(value, row.getLong("version"));
    }

    /**
     * The row as a record, or empty, with the row set aside, when this build refuses one of its required values
     * (values set aside from the row alone while reading it go with the row then).
     */
    private static <T> Optional<T> read(ResultSet row, String table, List<String> key, List<SetAside> setAside,
            RowReader<T> reader) throws SQLException {
        int mark = setAside.size();
        try {
            return Optional.of(reader.read(row));
        } catch (IllegalArgumentException e) {
            setAside.subList(mark, setAside.size()).clear();
            setAside.add(SetAside.row(table, row, key, e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * An optional value, or empty with {@code columns} set aside (the row loads without them) when this build
     * refuses it: dropping the whole row would take its bindings and MACs off the switches for one bad option.
     */
    private static <T> Optional<T> optionalField(ResultSet row, String table, List<String> key, List<String> columns,
            List<SetAside> setAside, FieldReader<Optional<T>> reader) throws SQLException {
        try {
            return reader.read();
        } catch (IllegalArgumentException e) {
            setAside.add(SetAside.columns(table, row, key, columns, e.getMessage()));
            return Optional.empty();
        }
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private interface FieldReader<T> {
        T read() throws SQLException;
    }

    /**
     * The networks and VTEPs that loaded. The schema's foreign keys leave a binding or static MAC without its VTEP
     * or network only when that one was set aside: then it goes too.
     */
    private record References(Set<Vni> networks, Set<VtepId> vteps) {

        <T> T require(VtepId vtep, Vni vni, T record) {
            if (!vteps.contains(vtep)) {
                throw new InvalidValueException("vtep", "VTEP '" + vtep + "' was set aside");
            }
            if (!networks.contains(vni)) {
                throw new InvalidValueException("vni", "network " + vni + " was set aside");
            }
            return record;
        }
    }
}

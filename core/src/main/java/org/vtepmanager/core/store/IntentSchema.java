package org.vtepmanager.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
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
                    + "PRIMARY KEY(vni, mac))");

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

    static Intent load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long revision = revision(statement);
            return new Intent(revision, networks(statement), vteps(statement), bindings(statement),
                    staticMacs(statement));
        }
    }

    private static long revision(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT revision FROM meta WHERE id = 1")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static SortedMap<Vni, Versioned<VirtualNetwork>> networks(Statement statement) throws SQLException {
        SortedMap<Vni, Versioned<VirtualNetwork>> networks = new TreeMap<>();
        try (ResultSet row = statement.executeQuery(
                "SELECT vni, name, description, mtu, version, replication, service_nodes FROM network")) {
            while (row.next()) {
                int mtu = row.getInt(4);
                OptionalInt explicitMtu = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(mtu);
                VirtualNetwork network = new VirtualNetwork(Vni.of(row.getInt(1)), row.getString(2), row.getString(3),
                        explicitMtu, ReplicationColumns.read(row.getString(6), row.getString(7)));
                networks.put(network.vni(), new Versioned<>(network, row.getLong(5)));
            }
        }
        return networks;
    }

    private static SortedMap<VtepId, Versioned<Vtep>> vteps(Statement statement) throws SQLException {
        SortedMap<VtepId, Versioned<Vtep>> vteps = new TreeMap<>();
        try (ResultSet row = statement.executeQuery("SELECT id, kind, ovsdb_target, tunnel_ip, version FROM vtep")) {
            while (row.next()) {
                Vtep vtep = new Vtep(VtepId.of(row.getString(1)), VtepKind.parse(row.getString(2)),
                        Optional.ofNullable(row.getString(3)).map(OvsdbAddress::parse),
                        Optional.ofNullable(row.getString(4)).map(TunnelIp::parse));
                vteps.put(vtep.id(), new Versioned<>(vtep, row.getLong(5)));
            }
        }
        return vteps;
    }

    private static SortedMap<PortVlan, Versioned<VlanBinding>> bindings(Statement statement) throws SQLException {
        SortedMap<PortVlan, Versioned<VlanBinding>> bindings = new TreeMap<>();
        try (ResultSet row = statement.executeQuery("SELECT vtep, port, vlan, vni, version FROM binding")) {
            while (row.next()) {
                PortVlan portVlan = new PortVlan(VtepId.of(row.getString(1)), PortName.of(row.getString(2)),
                        VlanId.of(row.getInt(3)));
                bindings.put(portVlan, new Versioned<>(new VlanBinding(portVlan, Vni.of(row.getInt(4))),
                        row.getLong(5)));
            }
        }
        return bindings;
    }

    private static SortedMap<StaticMac.Key, Versioned<StaticMac>> staticMacs(Statement statement)
            throws SQLException {
        SortedMap<StaticMac.Key, Versioned<StaticMac>> macs = new TreeMap<>();
        try (ResultSet row = statement.executeQuery("SELECT vni, mac, vtep, port, vlan, version FROM static_mac")) {
            while (row.next()) {
                VtepId vtep = VtepId.of(row.getString(3));
                String port = row.getString(4);
                MacLocation location = port == null ? new MacLocation.Remote(vtep)
                        : MacLocation.Local.of(vtep, PortName.of(port), VlanId.of(row.getInt(5)));
                StaticMac mac = new StaticMac(Vni.of(row.getInt(1)), new MacAddress(row.getLong(2)), location);
                macs.put(mac.key(), new Versioned<>(mac, row.getLong(6)));
            }
        }
        return macs;
    }
}

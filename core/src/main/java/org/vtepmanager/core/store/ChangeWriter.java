package org.vtepmanager.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;

/** Turns one already-validated {@link IntentChange} into SQL on the store's transaction. */
final class ChangeWriter {

    private ChangeWriter() {
    }

    static void write(Connection db, IntentChange change, long revision) throws SQLException {
        if (change instanceof IntentChange.CreateNetwork c) {
            putNetwork(db, c.network(), revision);
        } else if (change instanceof IntentChange.UpdateNetwork c) {
            putNetwork(db, c.network(), revision);
        } else if (change instanceof IntentChange.DeleteNetwork c) {
            update(db, "DELETE FROM network WHERE vni = ?", c.vni().value());
        } else if (change instanceof IntentChange.CreateBinding c) {
            putBinding(db, c.binding(), revision);
        } else if (change instanceof IntentChange.UpdateBinding c) {
            putBinding(db, c.binding(), revision);
        } else if (change instanceof IntentChange.DeleteBinding c) {
            PortVlan key = c.portVlan();
            update(db, "DELETE FROM binding WHERE vtep = ? AND port = ? AND vlan = ?", key.vtep().value(),
                    key.port().value(), key.vlan().value());
        } else if (change instanceof IntentChange.RegisterVtep c) {
            putVtep(db, c.vtep(), revision);
        } else if (change instanceof IntentChange.UpdateVtep c) {
            putVtep(db, c.vtep(), revision);
        } else if (change instanceof IntentChange.DeleteVtep c) {
            update(db, "DELETE FROM vtep WHERE id = ?", c.id().value());
        } else if (change instanceof IntentChange.AddStaticMac c) {
            insertStaticMac(db, c.mac(), revision);
        } else if (change instanceof IntentChange.DeleteStaticMac c) {
            update(db, "DELETE FROM static_mac WHERE vni = ? AND mac = ?", c.key().vni().value(), c.key().mac().bits());
        }
        update(db, "UPDATE meta SET revision = ? WHERE id = 1", revision);
    }

    private static void putNetwork(Connection db, VirtualNetwork network, long revision) throws SQLException {
        Object mtu = network.mtu().isPresent() ? network.mtu().getAsInt() : null;
        update(db, "MERGE INTO network(vni, name, description, mtu, version, replication, service_nodes) KEY(vni) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", network.vni().value(), network.name(), network.description(), mtu,
                revision, ReplicationColumns.mode(network.replication()),
                ReplicationColumns.serviceNodes(network.replication()));
    }

    private static void putBinding(Connection db, VlanBinding binding, long revision) throws SQLException {
        PortVlan key = binding.portVlan();
        update(db, "MERGE INTO binding(vtep, port, vlan, vni, version) KEY(vtep, port, vlan) VALUES (?, ?, ?, ?, ?)",
                key.vtep().value(), key.port().value(), key.vlan().value(), binding.vni().value(), revision);
    }

    private static void putVtep(Connection db, Vtep vtep, long revision) throws SQLException {
        update(db, "MERGE INTO vtep(id, kind, ovsdb_target, tunnel_ip, version) KEY(id) VALUES (?, ?, ?, ?, ?)",
                vtep.id().value(), vtep.kind().wireName(), vtep.ovsdbTarget().map(OvsdbAddress::text).orElse(null),
                vtep.tunnelIp().map(Object::toString).orElse(null), revision);
    }

    private static void insertStaticMac(Connection db, StaticMac mac, long revision) throws SQLException {
        MacLocation.Local local = mac.location() instanceof MacLocation.Local l ? l : null;
        update(db, "INSERT INTO static_mac(vni, mac, vtep, port, vlan, version) VALUES (?, ?, ?, ?, ?, ?)",
                mac.vni().value(), mac.mac().bits(), mac.location().vtep().value(),
                local == null ? null : local.portVlan().port().value(),
                local == null ? null : local.portVlan().vlan().value(), revision);
    }

    private static void update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            statement.executeUpdate();
        }
    }
}

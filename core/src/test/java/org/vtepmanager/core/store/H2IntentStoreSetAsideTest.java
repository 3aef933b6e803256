package org.vtepmanager.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.portVlan;
import static org.vtepmanager.core.intent.IntentFixtures.staticMac;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.MacLocation;

/**
 * A store holding values an earlier build accepted and this one refuses opens anyway: a refused optional value is
 * dropped from its row, a refused required one takes the row (and the bindings and static MACs that hang off it),
 * each moved to table set_aside with the reason, once; the rest loads as it was.
 */
class H2IntentStoreSetAsideTest {

    @TempDir
    Path dir;

    @Test
    void aTunnelIpNowRefusedIsDroppedAndItsVtepLoadsWithEverythingThatHangsOffIt() throws SQLException {
        Intent written;
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(binding("hv1", "vm1", 0, 5000));
            written = store.apply(staticMac(5000, "02:00:00:00:00:01",
                    new MacLocation.Local(portVlan("hv1", "vm1", 0))));
        }
        sql("UPDATE vtep SET tunnel_ip = '127.0.0.1' WHERE id = 'hv1'"); // as an earlier build could store it

        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().vteps().get(VtepId.of("hv1")).value().tunnelIp()).isEmpty();
            assertThat(store.current().vteps().get(VtepId.of("hv1")).value().ovsdbTarget()).isPresent();
            assertThat(store.current().bindings()).isEqualTo(written.bindings());
            assertThat(store.current().staticMacs()).isEqualTo(written.staticMacs());
        }
        assertThat(setAside()).containsExactly(
                "vtep|tunnelIp: 127.0.0.1 is a loopback address, which no other VTEP can reach");
        assertThat(rowValues("vtep")).contains("id=hv1", "tunnel_ip=127.0.0.1", "ovsdb_target=tcp:192.0.2.1:6640");

        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().vteps()).containsKey(VtepId.of("hv1"));
        }
        assertThat(setAside()).as("set aside once, not on every start").hasSize(1);
    }

    @Test
    void aServiceNodeNowRefusedLeavesItsNetworkOnTheDefaultReplication() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
        }
        sql("UPDATE network SET replication = 'service-node', service_nodes = '127.0.0.1' WHERE vni = 5000");

        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().networks().get(Vni.of(5000)).value().replication()).isEmpty();
        }
        assertThat(setAside()).singleElement().asString().startsWith("network|replication.serviceNodes");
    }

    @Test
    void aVtepWhoseIdIsNowRefusedIsSetAsideWithWhatHangsOffItAndTheRestLoads() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            store.apply(vtep("hv2", "192.0.2.2", "198.51.100.2"));
            store.apply(binding("hv2", "vm2", 0, 5000));
        }
        // As an earlier build could have stored them: an id this one refuses, a binding and a MAC on it.
        sql("INSERT INTO vtep(id, kind, ovsdb_target, tunnel_ip, version) "
                + "VALUES ('hv 1', 'hypervisor', NULL, NULL, 4)");
        sql("INSERT INTO binding(vtep, port, vlan, vni, version) VALUES ('hv 1', 'vm1', 0, 5000, 5)");
        sql("INSERT INTO static_mac(vni, mac, vtep, port, vlan, version) VALUES (5000, 1, 'hv 1', 'vm1', 0, 6)");

        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().vteps()).containsOnlyKeys(VtepId.of("hv2"));
            assertThat(store.current().bindings().keySet()).containsExactly(portVlan("hv2", "vm2", 0));
            assertThat(store.current().staticMacs()).isEmpty();
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
        }
        assertThat(setAside()).extracting(row -> row.substring(0, row.indexOf('|'))).as("dependents first")
                .containsExactly("static_mac", "binding", "vtep");
        assertThat(setAside()).allSatisfy(row -> assertThat(row).contains("vtep: 'hv 1' is not a VTEP id"));
        assertThat(rowValues("static_mac")).contains("mac=00:00:00:00:00:01", "port=vm1");
    }

    @Test
    void aNetworkNowRefusedTakesItsBindingsAlong() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            store.apply(network(6000));
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(binding("hv1", "vm1", 0, 5000));
            store.apply(binding("hv1", "vm1", 10, 6000));
        }
        sql("UPDATE network SET name = '   ' WHERE vni = 6000");

        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().networks()).containsOnlyKeys(Vni.of(5000));
            assertThat(store.current().bindings().keySet()).containsExactly(portVlan("hv1", "vm1", 0));
        }
        assertThat(setAside()).containsExactly("binding|vni: network 6000 was set aside",
                "network|name: '   ' must be 1..64 characters and not blank");
    }

    private void sql(String statement) throws SQLException {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    /** "table|reason" of every set-aside row, in the order they were set aside. */
    private List<String> setAside() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = connect(); Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT table_name, reason FROM set_aside ORDER BY seq")) {
            while (row.next()) {
                rows.add(row.getString(1) + "|" + row.getString(2));
            }
        }
        return rows;
    }

    private String rowValues(String table) throws SQLException {
        String query = "SELECT row_values FROM set_aside WHERE table_name = '" + table + "'";
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve(H2IntentStore.FILE_NAME),
                "vtep", "");
    }
}

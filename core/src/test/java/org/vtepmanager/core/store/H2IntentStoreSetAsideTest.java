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
 * A store holding values an earlier build accepted and this one refuses opens anyway: those rows, and the bindings
 * and static MACs that hang off them, are moved to table set_aside with the reason, once; the rest loads as it was.
 */
class H2IntentStoreSetAsideTest {

    @TempDir
    Path dir;

    @Test
    void aVtepWithATunnelIpNowRefusedIsSetAsideWithWhatHangsOffItAndTheRestLoads() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(vtep("hv2", "192.0.2.2", "198.51.100.2"));
            store.apply(binding("hv1", "vm1", 0, 5000));
            store.apply(binding("hv2", "vm2", 0, 5000));
            store.apply(staticMac(5000, "02:00:00:00:00:01", new MacLocation.Local(portVlan("hv1", "vm1", 0))));
            store.apply(staticMac(5000, "02:00:00:00:00:02", new MacLocation.Local(portVlan("hv2", "vm2", 0))));
        }
        sql("UPDATE vtep SET tunnel_ip = '127.0.0.1' WHERE id = 'hv1'"); // as an earlier build could store it

        Intent loaded;
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            loaded = store.current();
            assertThat(loaded.vteps()).containsOnlyKeys(VtepId.of("hv2"));
            assertThat(loaded.bindings().keySet()).containsExactly(portVlan("hv2", "vm2", 0));
            assertThat(loaded.staticMacs()).hasSize(1);
            assertThat(loaded.networks()).containsOnlyKeys(Vni.of(5000));
            assertThat(loaded.revision()).isEqualTo(7);
        }
        assertThat(setAside()).containsExactly(
                "static_mac|vtep: VTEP 'hv1' was set aside",
                "binding|vtep: VTEP 'hv1' was set aside",
                "vtep|tunnelIp: 127.0.0.1 is a loopback address, which no other VTEP can reach");
        assertThat(rowValues("vtep")).contains("id=hv1", "tunnel_ip=127.0.0.1", "ovsdb_target=tcp:192.0.2.1:6640");
        assertThat(rowValues("static_mac")).contains("mac=02:00:00:00:00:01", "port=vm1");

        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current()).isEqualTo(loaded);
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            assertThat(store.current().vteps()).containsKey(VtepId.of("hv1"));
        }
        assertThat(setAside()).as("set aside once, not on every start").hasSize(3);
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
        try (Connection db = connect(); Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT row_values FROM set_aside WHERE table_name = '" + table + "'")) {
            row.next();
            return row.getString(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve(H2IntentStore.FILE_NAME),
                "vtep", "");
    }
}

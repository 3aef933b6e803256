package org.vtepmanager.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Replication;
import org.vtepmanager.core.intent.VirtualNetwork;

/** A network's replication setting survives restarts, and stores written before it existed still open. */
class H2IntentStoreReplicationTest {

    @TempDir
    Path dir;

    @Test
    void replicationOfEachNetworkReadsBackAfterReopening() {
        Intent written;
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(new IntentChange.CreateNetwork(network(5000, Optional.empty())));
            store.apply(new IntentChange.CreateNetwork(network(5001, Optional.of(new Replication.SourceNode()))));
            store.apply(new IntentChange.CreateNetwork(network(5002,
                    Optional.of(Replication.of("service-node", List.of("192.0.2.9", "2001:db8::1"))))));
            written = store.apply(new IntentChange.UpdateNetwork(network(5001,
                    Optional.of(Replication.of("service-node", List.of("192.0.2.7")))), IntentChange.ANY_VERSION));
        }
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current()).isEqualTo(written);
            assertThat(store.current().networks().get(Vni.of(5002)).value().replication())
                    .contains(Replication.of("service-node", List.of("192.0.2.9", "2001:db8::1")));
            assertThat(store.current().networks().get(Vni.of(5000)).value().replication()).isEmpty();
        }
    }

    @Test
    void aStoreFromBeforeReplicationOpensWithItsNetworksOnTheManagerDefault() throws SQLException {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(H2IntentStore.FILE_NAME);
        try (Connection db = DriverManager.getConnection(url, "vtep", "");
                Statement sql = db.createStatement()) {
            // The network table exactly as the first release created it.
            sql.execute("CREATE TABLE meta(id INT PRIMARY KEY, revision BIGINT NOT NULL)");
            sql.execute("INSERT INTO meta VALUES (1, 1)");
            sql.execute("CREATE TABLE network(vni INT PRIMARY KEY, name VARCHAR NOT NULL, "
                    + "description VARCHAR NOT NULL, mtu INT, version BIGINT NOT NULL)");
            sql.execute("INSERT INTO network VALUES (5000, 'net5000', '', NULL, 1)");
        }
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().revision()).isEqualTo(1);
            assertThat(store.current().networks().get(Vni.of(5000)).value()).isEqualTo(network(5000, Optional.empty()));
            store.apply(new IntentChange.UpdateNetwork(network(5000, Optional.of(new Replication.SourceNode())), 1));
        }
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().networks().get(Vni.of(5000)).value().replication())
                    .contains(new Replication.SourceNode());
        }
    }

    private static VirtualNetwork network(int vni, Optional<Replication> replication) {
        return new VirtualNetwork(Vni.of(vni), "net" + vni, "", OptionalInt.empty(), replication);
    }
}

package org.vtepmanager.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.portVlan;
import static org.vtepmanager.core.intent.IntentFixtures.staticMac;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.IntentException;
import org.vtepmanager.core.intent.IntentStoreException;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;

class H2IntentStoreTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordTypeReadsBackIdenticallyAfterReopening() {
        Intent written;
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(vtep("tor1", "[2001:db8::7]:6641", null));
            store.apply(network(5000));
            store.apply(binding("hv1", "vm1", 100, 5000));
            store.apply(staticMac(5000, "02:00:00:00:00:01", new MacLocation.Local(portVlan("hv1", "vm1", 100))));
            written = store.apply(staticMac(5000, "02:00:00:00:00:02", new MacLocation.Remote(VtepId.of("tor1"))));
        }
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current()).isEqualTo(written);
            assertThat(store.current().revision()).isEqualTo(6);
        }
    }

    @Test
    void refusedChangeIsNeitherVisibleNorPersistedNorAnnounced() {
        List<IntentEvent> events = new ArrayList<>();
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.addListener(events::add);
            store.apply(network(5000));
            assertThatThrownBy(() -> store.apply(binding("nope", "vm1", 0, 5000)))
                    .isInstanceOf(IntentException.class);
            assertThat(store.current().revision()).isEqualTo(1);
        }
        assertThat(events).extracting(IntentEvent::revision).containsExactly(1L);
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().bindings()).isEmpty();
            assertThat(store.current().revision()).isEqualTo(1);
        }
    }

    @Test
    void changesAppliedTogetherEachHaveTheirRevisionAreAnnouncedInOrderAndReadBack() {
        List<IntentEvent> events = new ArrayList<>();
        Intent written;
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            store.addListener(events::add);
            written = store.applyAll(List.of(vtep("hv1", "192.0.2.1", null), network(6000),
                    binding("hv1", "vm1", 0, 6000)), "alice");
        }
        assertThat(written.revision()).isEqualTo(4);
        assertThat(events).extracting(IntentEvent::revision).containsExactly(2L, 3L, 4L);
        assertThat(events).extracting(IntentEvent::origin).containsOnly("alice");
        assertThat(events.get(1).intent().networks()).containsKey(Vni.of(6000));
        assertThat(events.get(1).intent().bindings()).as("the intent as of its own change").isEmpty();
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current()).isEqualTo(written);
        }
    }

    @Test
    void changesAppliedTogetherOfWhichOneIsRefusedApplyNone() {
        List<IntentEvent> events = new ArrayList<>();
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.addListener(events::add);
            assertThatThrownBy(() -> store.applyAll(List.of(network(5000), binding("nope", "vm1", 0, 5000)), "alice"))
                    .isInstanceOf(IntentException.class);
            assertThat(store.current().revision()).isZero();
        }
        assertThat(events).isEmpty();
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().networks()).isEmpty();
            assertThat(store.current().revision()).isZero();
        }
    }

    @Test
    void deletesArePersistedToo() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            store.apply(new IntentChange.DeleteNetwork(Vni.of(5000)));
        }
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current().networks()).isEmpty();
            assertThat(store.current().revision()).isEqualTo(2);
        }
    }

    @Test
    void anUpdatedVtepAndAMovedBindingReadBackAsUpdated() {
        Intent written;
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(network(5000));
            store.apply(network(6000));
            store.apply(binding("hv1", "vm1", 100, 5000));
            store.apply(new IntentChange.UpdateVtep(new Vtep(VtepId.of("hv1"), VtepKind.HYPERVISOR,
                    Optional.of(OvsdbAddress.parse("tcp:192.0.2.9")), Optional.empty()), 1));
            written = store.apply(new IntentChange.UpdateBinding(new VlanBinding(portVlan("hv1", "vm1", 100),
                    Vni.of(6000)), 4));
        }
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            assertThat(store.current()).isEqualTo(written);
            assertThat(store.current().vteps().get(VtepId.of("hv1")).value().ovsdbTarget())
                    .hasValue(OvsdbAddress.parse("tcp:192.0.2.9:6640"));
            assertThat(store.current().bindings().get(portVlan("hv1", "vm1", 100)).value().vni())
                    .isEqualTo(Vni.of(6000));
        }
    }

    /**
     * H2 closes a database whose file it failed to write (a full disk; the lab test fills one): here it is closed
     * from a second connection, as that failure leaves it.
     */
    @Test
    void aStoreWhoseDatabaseWasClosedOpensItAgainAtTheNextWriteAndKeepsWhatItHeld() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            shutDownDatabase();

            store.apply(network(5001));

            assertThat(store.writeFailure()).isEmpty();
            assertThat(store.current().networks()).containsOnlyKeys(Vni.of(5000), Vni.of(5001));
        }
        try (H2IntentStore reopened = H2IntentStore.open(dir)) {
            assertThat(reopened.current().networks()).containsOnlyKeys(Vni.of(5000), Vni.of(5001));
        }
    }

    @Test
    void aClosedDatabaseWhoseFileMovedOnIsNotWrittenOverAndTheFailureSaysToRestart() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            setRevisionUnderTheStore(9);

            assertThatThrownBy(() -> store.apply(network(5001))).isInstanceOf(IntentStoreException.class)
                    .hasMessageContaining("its file holds revision 9 and this manager serves revision 1: restart "
                            + "the manager to serve what the file holds); intent is unchanged");
            assertThat(store.writeFailure()).hasValueSatisfying(why -> assertThat(why).startsWith(
                    "its file holds revision 9"));
            assertThat(store.current().revision()).isEqualTo(1);
            assertThat(store.current().networks()).containsOnlyKeys(Vni.of(5000));
        }
    }

    @Test
    void aProbeFindsAFileThatTakesWritesAgainWithoutAnyChangeOfIntent() throws SQLException {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(network(5000));
            setRevisionUnderTheStore(9);
            assertThatThrownBy(() -> store.apply(network(5001))).isInstanceOf(IntentStoreException.class);
            store.probeWrite();
            assertThat(store.writeFailure()).as("the file still moved on").isPresent();

            setRevisionUnderTheStore(1);
            store.probeWrite();

            assertThat(store.writeFailure()).isEmpty();
            assertThat(store.current().revision()).isEqualTo(1);
            assertThat(store.apply(network(5001)).revision()).isEqualTo(2);
        }
    }

    /** Closes the database, as a failed write does, with its file at {@code revision}. */
    private void setRevisionUnderTheStore(long revision) throws SQLException {
        try (Connection other = DriverManager.getConnection(url(), "vtep", "");
                Statement statement = other.createStatement()) {
            statement.execute("UPDATE meta SET revision = " + revision + " WHERE id = 1");
            statement.execute("SHUTDOWN");
        }
    }

    private void shutDownDatabase() throws SQLException {
        try (Connection other = DriverManager.getConnection(url(), "vtep", "");
                Statement statement = other.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private String url() {
        return "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve(H2IntentStore.FILE_NAME)
                + ";WRITE_DELAY=0";
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsNamingIt() {
        try (H2IntentStore first = H2IntentStore.open(dir)) {
            assertThat(first.current().revision()).isZero();
            assertThatThrownBy(() -> H2IntentStore.open(dir)).isInstanceOf(IntentStoreException.class)
                    .hasMessageStartingWith("intent store in " + dir + " cannot be opened");
        }
    }

    @Test
    void closingAStoreAgainDoesNotFreeTheDirectoryAnotherStoreHasOpenedSince() {
        H2IntentStore first = H2IntentStore.open(dir);
        first.close();
        try (H2IntentStore second = H2IntentStore.open(dir)) {
            first.close();

            assertThatThrownBy(() -> H2IntentStore.open(dir)).isInstanceOf(IntentStoreException.class);
            assertThat(second.current().revision()).isZero();
        }
    }

    @Test
    void aFailingListenerDoesNotUndoTheCommitOrSilenceOthers() {
        List<Long> seen = new ArrayList<>();
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.addListener(event -> {
                throw new IllegalStateException("listener bug");
            });
            store.addListener(event -> seen.add(event.revision()));
            assertThat(store.apply(network(5000)).networks()).hasSize(1);
        }
        assertThat(seen).containsExactly(1L);
    }
}

package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepView;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.tor.TorSettings;

/**
 * One real hardware_vtep database reached through two sessions, one the manager dials and one the switch opens
 * ({@code set-manager}): whichever shows its Physical_Switch first manages it, the other writes nothing.
 */
class OneTorTwoSessionsTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    /** Long enough for a dial-in's observation to register a VTEP, had it been taken as a new switch. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final VtepId DIALLED = VtepId.of("tor1");
    private static final VtepId DIALLED_IN = VtepId.derivedFrom("br0");

    @TempDir
    Path dir;

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private RealOvsdbServer tor;
    private H2IntentStore store;
    private TopologyService topology;
    private OvsdbSouthbound southbound;
    private String listener;

    @BeforeEach
    void start() throws Exception {
        tor = RealOvsdbServer.start(List.of("vtep"));
        tor.vtepctl("add-ps", "br0");
        tor.vtepctl("set", "Physical_Switch", "br0", "tunnel_ips=192.0.2.10");
        store = H2IntentStore.open(dir);
        MacTables macs = new MacTables(MacTableConfig.DEFAULTS, Clock.systemUTC());
        topology = new TopologyService(store, macs, 1500);
        southbound = new OvsdbSouthbound(store, topology, macs, events, transport, HypervisorSettings.defaults(),
                new TorSettings(Duration.ofMillis(100), Duration.ofMillis(800), List.of()), storeWriter);
        InetSocketAddress bound = southbound.listen((OvsdbTarget.PassiveTcp) OvsdbTarget.parse("ptcp:0:127.0.0.1"))
                .get(10, TimeUnit.SECONDS);
        listener = "tcp:127.0.0.1:" + bound.getPort();
        southbound.start(List.of(), List.of());
    }

    @AfterEach
    void stop() throws Exception {
        southbound.close();
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        transport.close();
        events.shutdownNow();
        storeWriter.shutdownNow();
        store.close();
        tor.close();
    }

    @Test
    void aDialledTorThatAlsoDialsInIsManagedOnceAndTheDialInRegistersNothing() {
        registerDialled();
        assertThatEventually(CONVERGE, () -> view(DIALLED), v -> assertThat(v).hasValueSatisfying(
                tor1 -> assertThat(tor1.state()).isEqualTo(ConnectionState.CONNECTED)));

        tor.addRemote(listener);
        assertThatEventually(CONVERGE, tor::log, log -> assertThat(log).contains(listener + ": connected"));

        assertThatThroughout(SETTLE, () -> store.current().vteps(), vteps -> assertThat(vteps).doesNotContainKey(DIALLED_IN));
        assertThat(view(DIALLED)).hasValueSatisfying(tor1 -> assertThat(tor1.problems()).isEmpty());
    }

    @Test
    void aTorThatDialledInFirstIsNotAlsoWrittenThroughALaterDialledSession() {
        tor.addRemote(listener);
        assertThatEventually(CONVERGE, () -> view(DIALLED_IN), v -> assertThat(v).hasValueSatisfying(
                br0 -> assertThat(br0.state()).isEqualTo(ConnectionState.CONNECTED)));

        registerDialled();

        assertThatEventually(CONVERGE, () -> view(DIALLED), v -> assertThat(v).hasValueSatisfying(tor1 -> assertThat(
                tor1.problems()).anyMatch(p -> p.contains("Physical_Switch br0 is already managed through"))));
        assertThat(view(DIALLED_IN)).hasValueSatisfying(br0 -> {
            assertThat(br0.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(br0.problems()).isEmpty();
        });
    }

    private void registerDialled() {
        store.apply(new IntentChange.RegisterVtep(new Vtep(DIALLED, VtepKind.HARDWARE_VTEP,
                Optional.of(OvsdbAddress.parse(tor.unixTarget().toString())), Optional.empty())));
    }

    private Optional<VtepView> view(VtepId id) {
        return topology.vteps().stream().filter(v -> v.vtep().id().equals(id)).findFirst();
    }
}

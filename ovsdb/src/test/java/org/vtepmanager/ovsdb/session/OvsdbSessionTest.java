package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.ovsdb.protocol.methods.MonitorRequest;
import com.vmware.ovsdb.protocol.methods.MonitorRequests;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.RealOvsdbServer;
import org.vtepmanager.ovsdb.RealPorts;
import org.vtepmanager.ovsdb.notation.Ops;

/** The session layer against a real ovsdb-server: both transports, both directions, monitors and the probe. */
class OvsdbSessionTest {

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofMillis(500), Duration.ofSeconds(10)));

    @AfterEach
    void stop() {
        transport.close();
        events.shutdownNow();
    }

    @Test
    void dialsAUnixSocketAndReadsTheSchema() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            OvsdbSession session = get(transport.connect(server.unixTarget()));

            assertThat(get(session.listDatabases())).contains("Open_vSwitch");
            assertThat(get(session.schema("Open_vSwitch")).tables())
                    .contains("Open_vSwitch", "Bridge", "Port", "Interface", "Controller");
            assertThat(session.peerCertificateExpiry()).as("no certificate without TLS").isEmpty();
        }
    }

    @Test
    void dialsTcpAndMonitorsChangesMadeByOthers() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitch("ptcp:" + port + ":127.0.0.1")) {
            OvsdbSession session = get(transport.connect(OvsdbTarget.parse("tcp:127.0.0.1:" + port)));
            LinkedBlockingQueue<TableUpdates> updates = new LinkedBlockingQueue<>();
            MonitorRequests bridges = new MonitorRequests(Map.of("Bridge", new MonitorRequest(List.of("name"))));

            TableUpdates initial = get(session.monitor("Open_vSwitch", "bridges", bridges, updates::add));
            server.vsctl("--no-wait", "add-br", "br-test");

            assertThat(initial.getTableUpdates()).doesNotContainKey("Bridge");
            TableUpdates update = updates.poll(10, TimeUnit.SECONDS);
            assertThat(update).isNotNull();
            assertThat(update.getTableUpdates().get("Bridge").getRowUpdates().values())
                    .anyMatch(row -> "br-test".equals(row.getNew().getStringColumn("name")));
        }
    }

    @Test
    void aTransactionReportsTheServersErrorOrNoneOnceCommitted() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            OvsdbSession session = get(transport.connect(server.unixTarget()));
            server.vsctl("--no-wait", "add-br", "br-test");
            List<Operation> noSuchBridge = List.of(Ops.noRowWhere("Bridge", Map.of("name", Atom.string("br-test"))));
            List<Operation> noOtherBridge = List.of(Ops.noRowWhere("Bridge", Map.of("name", Atom.string("br-other"))));

            assertThat(get(session.transact("Open_vSwitch", noSuchBridge))).hasValueSatisfying(error ->
                    assertThat(error).startsWith("timed out")
                            .endsWith("(operation 1 of 1: wait Bridge where name == br-test)"));
            assertThat(get(session.transact("Open_vSwitch", noOtherBridge))).isEmpty();
        }
    }

    @Test
    void acceptsASwitchThatDialsTheManager() throws Exception {
        CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
        InetSocketAddress bound = listen(transport, accepted);
        try (RealOvsdbServer server = RealOvsdbServer.vswitch("tcp:127.0.0.1:" + bound.getPort())) {
            OvsdbSession session = accepted.get(15, TimeUnit.SECONDS);

            assertThat(session.peer()).startsWith("tcp:127.0.0.1:").endsWith("(passive)");
            assertThat(get(session.listDatabases())).contains("Open_vSwitch");
        }
    }

    @Test
    void closingTheTransportClosesBothTheSessionsItDialledAndThoseItAccepted() throws Exception {
        CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
        InetSocketAddress bound = listen(transport, accepted);
        try (RealOvsdbServer dialling = RealOvsdbServer.vswitch("tcp:127.0.0.1:" + bound.getPort());
             RealOvsdbServer dialled = RealOvsdbServer.vswitch()) {
            OvsdbSession in = accepted.get(15, TimeUnit.SECONDS);
            OvsdbSession out = get(transport.connect(dialled.unixTarget()));

            transport.close();

            assertThat(in.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(out.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(in.isOpen() || out.isOpen()).isFalse();
        }
    }

    @Test
    void aSwitchThatStopsAnsweringIsDetectedByTheProbeAndTheSessionClosesSayingSo() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            OvsdbSession session = get(transport.connect(server.unixTarget()));
            server.freeze();
            try {
                CompletableFuture<String[]> cutShort = session.listDatabases();
                session.closeFuture().get(5, TimeUnit.SECONDS);
                assertThat(session.isOpen()).isFalse();
                assertThat(session.closeReason()).isEqualTo("no reply to an inactivity probe within 500 ms");
                assertThat(cutShort).failsWithin(Duration.ofSeconds(1)).withThrowableThat()
                        .withMessageContaining("list_dbs failed: no reply to an inactivity probe within 500 ms");
            } finally {
                server.thaw();
            }
        }
    }

    @Test
    void anAnsweringSwitchKeepsItsSessionAcrossManyProbeIntervals() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            OvsdbSession session = get(transport.connect(server.unixTarget()));
            CompletableFuture<Void> closed = session.closeFuture();

            assertThat(closed).failsWithin(Duration.ofSeconds(3))
                    .withThrowableOfType(java.util.concurrent.TimeoutException.class);
            assertThat(session.isOpen()).isTrue();
        }
    }

    /**
     * A switch that dials in probes us itself (Manager inactivity_probe): its echo requests must be answered, or it
     * drops the session after twice the interval. Our own probe is set longer here, so that only the switch's runs.
     */
    @Test
    void aSwitchThatDialsInAndProbesUsKeepsItsSessionAcrossManyOfItsProbes() throws Exception {
        OvsdbTransport quiet = new OvsdbTransport(events,
                new OvsdbTransport.SessionSettings(Duration.ofSeconds(30), Duration.ofSeconds(10)));
        CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
        InetSocketAddress bound = listen(quiet, accepted);
        try (RealOvsdbServer server = RealOvsdbServer.vswitch("db:Open_vSwitch,Open_vSwitch,manager_options")) {
            server.vsctl("--no-wait", "set-manager", "tcp:127.0.0.1:" + bound.getPort(), "--", "set", "Manager", ".",
                    "inactivity_probe=1000");
            OvsdbSession session = accepted.get(15, TimeUnit.SECONDS);

            assertThat(session.closeFuture()).failsWithin(Duration.ofSeconds(4))
                    .withThrowableOfType(java.util.concurrent.TimeoutException.class);
            assertThat(session.isOpen()).isTrue();
            assertThat(server.log()).doesNotContain("no response to inactivity probe");
        } finally {
            quiet.close();
        }
    }

    @Test
    void aServerThatExpectsTlsClosesWithoutAWordAndTheRequestSaysWhatThatMeans() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1")) {
            OvsdbSession session = get(transport.connect(OvsdbTarget.parse("tcp:127.0.0.1:" + port)));

            assertThat(failureOf(session.listDatabases())).isExactlyInstanceOf(OvsdbSessionException.class)
                    .hasMessageContaining("tcp:127.0.0.1:" + port + ": list_dbs failed: the switch closed the "
                            + "session without sending a byte")
                    .hasMessageContaining("TLS");
        }
    }

    @Test
    void aSwitchThatDialsInOverTlsIsClosedAndItsRequestsSayItSpeaksTls() throws Exception {
        CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
        InetSocketAddress bound = listen(transport, accepted);
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("ssl:127.0.0.1:" + bound.getPort())) {
            OvsdbSession session = accepted.get(15, TimeUnit.SECONDS);

            assertThat(failureOf(session.listDatabases())).isExactlyInstanceOf(OvsdbSessionException.class)
                    .hasMessageContaining("list_dbs failed: it speaks TLS on a plain TCP session");
            assertThat(session.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
        }
    }

    /** No real switch sends malformed JSON, so a plain socket plays the broken peer. */
    @Test
    void aPeerThatBreaksTheJsonFramingIsClosedWithTheFramersReasonButNotItsBytes() throws Exception {
        CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
        InetSocketAddress bound = listen(transport, accepted);
        try (Socket peer = new Socket(bound.getAddress(), bound.getPort())) {
            peer.getOutputStream().write(("{\"id\":\"e\",\"method\":\"echo\",\"params\":[]}" + "x".repeat(4096))
                    .getBytes(StandardCharsets.US_ASCII));
            OvsdbSession session = accepted.get(15, TimeUnit.SECONDS);
            assertThat(session.closeFuture()).succeedsWithin(Duration.ofSeconds(5));

            assertThat(failureOf(session.listDatabases())).hasMessageContaining("list_dbs failed: invalid JSON")
                    .hasMessageNotContaining("7878");
        }
    }

    @Test
    void aRequestToASessionTheManagerClosedSaysSo() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            OvsdbSession session = get(transport.connect(server.unixTarget()));
            session.close();
            session.closeFuture().get(5, TimeUnit.SECONDS);

            assertThat(session.listDatabases()).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                    .withMessageContaining("list_dbs failed: the manager closed the session");
        }
    }

    @Test
    void anUnreachableTargetFailsNamingIt() {
        CompletableFuture<OvsdbSession> session = transport.connect(OvsdbTarget.parse("unix:/nonexistent/db.sock"));

        assertThat(session).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("unix:/nonexistent/db.sock").withMessageContaining("cannot connect");
    }

    /** Listens on a free loopback port; {@code accepted} completes with the first session a switch opens. */
    private static InetSocketAddress listen(OvsdbTransport on, CompletableFuture<OvsdbSession> accepted)
            throws Exception {
        return get(on.listen((OvsdbTarget.PassiveTcp) OvsdbTarget.parse("ptcp:0:127.0.0.1"), accepted::complete));
    }

    /** The failure a callback is given: unlike get(), callbacks see a CompletionException if one wraps it. */
    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        return future.handle((value, error) -> error).get(10, TimeUnit.SECONDS);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.RealOvsdbServer;
import org.vtepmanager.ovsdb.RealPorts;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * A bridge that does not reach the manager's OpenFlow controller, as a real ovs-vswitchd (dummy datapath) reports
 * it. This module has no OpenFlow controller of its own, so a loopback listener that answers the switch's HELLO
 * plays the manager's OpenFlow port: ovs-vswitchd counts a controller as connected once its TCP connection is up.
 */
class ControllerLinkTest {

    /** ovs-vswitchd backs off up to 8 s between attempts and writes is_connected at most every few seconds. */
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final byte[] OPENFLOW13_HELLO = {4, 0, 0, 8, 0, 0, 0, 1};

    private final int openflowPort = RealPorts.free();
    private final String controller = "tcp:127.0.0.1:" + openflowPort;
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private final RecordedReports reports = new RecordedReports();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private HypervisorProvider provider;
    private RealOvsdbServer hypervisor;

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.close();
        }
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        transport.close();
        events.shutdownNow();
        if (hypervisor != null) {
            hypervisor.close();
        }
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void aBridgeThatCannotReachTheControllerIsAProblemAfterItsGraceAndNoMoreOnceItConnects() throws Exception {
        // Longer than ovs-vswitchd takes to write its first status (about 4 s), which the problem quotes.
        startManagingAHypervisor(Duration.ofSeconds(6));

        assertThatEventually(CONNECT, this::problems, problems -> assertThat(problems).singleElement().asString()
                .startsWith("bridge br-int has not been connected to the manager's OpenFlow controller " + controller
                        + " for more than 6 s (ovs-vswitchd: \"Connection refused\", state BACKOFF)"));
        assertThat(controllerDown()).as("reported down, for the manager's side to add nothing").isTrue();

        try (ServerSocket openflow = listen()) {
            assertThatEventually(CONNECT, this::problems, problems -> assertThat(problems).isEmpty());
            assertThat(isConnected()).isEqualTo("true");
            assertThat(controllerDown()).isFalse();
        }
    }

    /** The default grace is long enough for a bridge that can connect: it is never reported meanwhile. */
    @Test
    void aBridgeThatConnectsIsNoProblemAtAnyTime() throws Exception {
        try (ServerSocket openflow = listen()) {
            startManagingAHypervisor(ControllerLink.DEFAULT_GRACE);

            assertThatThroughout(ControllerLink.DEFAULT_GRACE.plusSeconds(2), this::problems,
                    problems -> assertThat(problems).isEmpty());
            assertThat(isConnected()).isEqualTo("true");
            assertThat(reports.latest.values()).singleElement()
                    .satisfies(observation -> assertThat(observation.datapathId()).isPresent());
        }
    }

    /** A vswitch database with ovs-vswitchd on it, its bridge pointed at {@link #controller} by the provider. */
    private void startManagingAHypervisor(Duration grace) {
        hypervisor = RealOvsdbServer.vswitch();
        hypervisor.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:local_ip=10.0.0.1");
        hypervisor.startVswitchd();
        provider = new HypervisorProvider(events, transport, HypervisorSettings.defaults().withDatapathType("netdev")
                .withOpenflow(Optional.of("127.0.0.1"), openflowPort)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(800)).withOpenflowGrace(grace), reports);
        provider.connect(hypervisor.unixTarget());
        assertThatEventually(CONNECT, () -> hypervisor.vsctl("--no-wait", "get", "Bridge", "br-int", "datapath_id"),
                id -> assertThat(id.strip()).matches("\"[0-9a-f]{16}\""));
    }

    private boolean controllerDown() {
        return reports.latest.values().stream().anyMatch(HypervisorObservation::controllerDown);
    }

    private List<String> problems() {
        return reports.latest.values().stream().flatMap(observation -> observation.problems().stream()).toList();
    }

    private String isConnected() {
        return hypervisor.vsctl("--no-wait", "get", "Controller", "br-int", "is_connected").strip();
    }

    /** The manager's OpenFlow port, played by a listener that sends an OpenFlow 1.3 HELLO to whoever connects. */
    private ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket(openflowPort, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(OPENFLOW13_HELLO);
                    out.flush();
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}

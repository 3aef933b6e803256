package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The listener in TLS only, against real Open vSwitch switches: what a switch needs to be served, and what each
 * misconfigured one is told. The switch's self-signed certificate is the manager's identity and only trusted CA as
 * well, so that the two trust each other.
 */
class OpenFlowServerTlsOvsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    private static final long REPLY_SECONDS = 5;

    private final RecordingListener listener = new RecordingListener();
    private final OFFactory factory = new OfMessages().factory();
    private RealOvs.Credentials managerIdentity;
    /** The server context the listener takes each connection in: a test may swap it, as a reload does. */
    private final AtomicReference<SslContext> serverContext = new AtomicReference<>();
    private BridgeAtController lab;

    @BeforeEach
    void startTlsServerAndSslSwitch() {
        // withTls first: the withers after it must keep it, or br0 would never connect.
        lab = new BridgeAtController(ovs -> {
            managerIdentity = ovs.useTls();
            serverContext.set(serverContext(managerIdentity, managerIdentity.certificate()));
            return OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0))
                    .withTls(serverContext::get).withHandshakeTimeout(HANDSHAKE_TIMEOUT);
        }, "ssl", listener);
    }

    @AfterEach
    void stopEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aSwitchWithATrustedCertificateReachesActiveOverTlsAndTakesAFlowMod() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        sw.send(List.of(dropFromPort1(0x7157))).get(REPLY_SECONDS, TimeUnit.SECONDS);

        assertThat(lab.ovs.ofctl("dump-flows", "br0")).contains("cookie=0x7157").contains("actions=drop");
        assertThat(LogCapture.keyValues(lab.logs.awaitMessage(WAIT, "OpenFlow server listening")))
                .containsEntry("tls", "true");
        assertThat(lab.logs.withMessage("Closing switch connection")).isEmpty();
    }

    @Test
    void aSwitchWhoseControllerIsTcpIsClosedNamingTlsOnlyAndTheListenerKeepsServing() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        lab.ovs.addBridge("br1", lab.controllerTarget("tcp"), "p7");

        Map<String, String> close = closeLog();
        assertThat(close.get("reason")).contains("not a TLS record but OpenFlow (version byte 0x04)")
                .contains("controller is tcp:, and this listener takes TLS only").contains("ssl:IP:PORT");
        assertThat(close.get("remote")).isNotEqualTo(sw.remoteAddress().toString());
        assertThat(lab.server.getSwitch(lab.ovs.dpid("br1"))).isEmpty();
        assertStillServing(sw);
    }

    @Test
    void aSwitchWhoseCertificateTheManagerDoesNotTrustIsClosedNamingTheHandshakeAndNeverRegistered()
            throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        try (RealOvs stranger = RealOvs.start()) {
            // It trusts the manager, so the refusal is the manager's: its certificate is signed by no CA we trust.
            stranger.useTls(stranger.selfSigned("stranger"), managerIdentity.certificate());
            stranger.addBridge("br1", lab.controllerTarget("ssl"), "p1");

            Map<String, String> close = closeLog();
            assertThat(close.get("reason")).startsWith("TLS handshake failed: ").contains("--tls-ca-cert");
            assertThat(close.get("remote")).isNotEqualTo(sw.remoteAddress().toString());
            assertThat(lab.server.getSwitch(stranger.dpid("br1"))).isEmpty();
        }
        assertThat(listener.ofKind("connected")).extracting(RecordingListener.Event::sw).containsExactly(sw);
        assertStillServing(sw);
    }

    @Test
    void aSwitchRefusedBeforeIsTakenOnceTheListenersContextTrustsItWithoutARestart() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        try (RealOvs stranger = RealOvs.start()) {
            RealOvs.Credentials strangerIdentity = stranger.selfSigned("stranger");
            stranger.useTls(strangerIdentity, managerIdentity.certificate());
            stranger.addBridge("br1", lab.controllerTarget("ssl"), "p1");
            // Its next try within a second, not after ovs-vswitchd's backoff of up to 8 s.
            stranger.vsctl("set", "controller", "br1", "max_backoff=1000");
            assertThat(closeLog().get("reason")).startsWith("TLS handshake failed: ");

            serverContext.set(serverContext(managerIdentity, strangerIdentity.certificate()));

            OpenFlowSwitch taken = lab.awaitSwitch(stranger, "br1");
            assertThat(taken.isConnected()).isTrue();
        }
        assertStillServing(sw);
    }

    @Test
    void aSwitchThatDoesNotTrustTheManagersCertificateIsClosedNamingTheHandshakeAndBothCertificates() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        try (RealOvs stranger = RealOvs.start()) {
            stranger.useTls(); // its own certificate is the only one it trusts
            stranger.addBridge("br1", lab.controllerTarget("ssl"), "p1");

            // The JDK's words for the switch's refusal are obscure, so the hint names both sides' certificates.
            assertThat(closeLog().get("reason")).startsWith("TLS handshake failed: ").contains("--tls-ca-cert")
                    .contains("set-ssl KEY CERT CACERT");
            assertThat(lab.server.getSwitch(stranger.dpid("br1"))).isEmpty();
        }
        assertStillServing(sw);
    }

    @Test
    void aPeerThatNeverStartsTlsIsClosedAtTheHandshakeDeadlineNamingTls() {
        long connectedAt = System.nanoTime();
        try (RawOpenFlowClient silent = RawOpenFlowClient.connect(lab.address)) {
            silent.readUntilClosed(); // fails unless the server closes the connection
        }
        Duration closedAfter = Duration.ofNanos(System.nanoTime() - connectedAt);

        assertThat(closeLog().get("reason")).isEqualTo("TLS handshake did not complete within " + HANDSHAKE_TIMEOUT);
        assertThat(closedAfter).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100));
    }

    /**
     * What the manager builds from its --tls-* options: its identity, and a client certificate required, signed by
     * {@code trusted}.
     */
    private static SslContext serverContext(RealOvs.Credentials identity, Path trusted) {
        try {
            return SslContextBuilder.forServer(identity.certificate().toFile(), identity.privateKey().toFile())
                    .trustManager(trusted.toFile()).clientAuth(ClientAuth.REQUIRE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the manager's TLS context", e);
        }
    }

    /** The bridge's session is the same object as before, still connected, and answers a barrier. */
    private void assertStillServing(OpenFlowSwitch sw) throws Exception {
        assertThat(lab.server.getSwitch(sw.dpid())).containsSame(sw);
        assertThat(sw.isConnected()).isTrue();
        sw.send(List.of()).get(REPLY_SECONDS, TimeUnit.SECONDS);
    }

    private Map<String, String> closeLog() {
        ILoggingEvent event = lab.logs.awaitMessage(WAIT, "Closing switch connection");
        return LogCapture.keyValues(event);
    }

    private OFFlowAdd dropFromPort1(long cookie) {
        return factory.buildFlowAdd().setTableId(TableId.of(0)).setPriority(100).setCookie(U64.of(cookie))
                .setMatch(factory.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                .setInstructions(List.of()).build();
    }
}

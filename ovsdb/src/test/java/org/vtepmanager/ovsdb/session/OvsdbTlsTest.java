package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.RealOvsdbServer;
import org.vtepmanager.ovsdb.RealPorts;

/**
 * OVSDB over TLS against a real ovsdb-server with a certificate of its own: {@code ssl:} targets the manager dials,
 * {@code pssl:} listeners switches dial, and the certificates each end refuses.
 */
class OvsdbTlsTest {

    private static final OvsdbTransport.SessionSettings SETTINGS =
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(5), Duration.ofSeconds(10));

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private OvsdbTransport transport;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        events.shutdownNow();
    }

    @Test
    void anSslTargetIsDialledInTlsAndServesRequests() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1")) {
            transport = transportTrusting(server);

            OvsdbSession session = get(transport.connect(OvsdbTarget.parse("ssl:127.0.0.1:" + port)));

            assertThat(session.peer()).isEqualTo("ssl:127.0.0.1:" + port);
            assertThat(get(session.listDatabases())).contains("Open_vSwitch");
            assertThat(session.peerCertificateExpiry()).as("when the switch's certificate expires")
                    .contains(notAfter(server.tlsCertificate()));
        }
    }

    /** When the first certificate of {@code pem} expires, as the JDK reads it. */
    private static Instant notAfter(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter()
                    .toInstant();
        }
    }

    @Test
    void aTlsSessionTheSwitchEndsWithoutAWordSaysSoWithoutThePlainSessionsHintAboutTls() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1")) {
            transport = transportTrusting(server);
            OvsdbSession session = get(transport.connect(OvsdbTarget.parse("ssl:127.0.0.1:" + port)));

            server.kill();

            assertThat(session.closeFuture()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(session.listDatabases()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .withMessageContaining("list_dbs failed: the switch closed the session")
                    .withMessageNotContaining("expecting TLS");
        }
    }

    @Test
    void aSwitchThatDialsInOverSslIsAcceptedOnAPsslListener() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:0:127.0.0.1")) {
            transport = transportTrusting(server);
            CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
            InetSocketAddress bound = get(transport.listen(
                    (OvsdbTarget.PassiveTcp) OvsdbTarget.parse("pssl:0:127.0.0.1"), accepted::complete));

            server.addRemote("ssl:127.0.0.1:" + bound.getPort());
            OvsdbSession session = accepted.get(15, TimeUnit.SECONDS);

            assertThat(session.peer()).startsWith("ssl:127.0.0.1:").endsWith("(passive)");
            assertThat(get(session.listDatabases())).contains("Open_vSwitch");
            assertThat(session.peerCertificateExpiry()).contains(notAfter(server.tlsCertificate()));
        }
    }

    @Test
    void aSwitchWhoseCertificateTheManagerDoesNotTrustFailsTheDialNamingTheHandshake() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1")) {
            transport = new OvsdbTransport(events, SETTINGS, Optional.of(strangerTls()));

            assertThatThrownBy(() -> get(transport.connect(OvsdbTarget.parse("ssl:127.0.0.1:" + port))))
                    .hasMessageContaining("ssl:127.0.0.1:" + port + ": cannot connect: TLS handshake failed: ")
                    .hasMessageContaining("--tls-ca-cert");
        }
    }

    @Test
    void aSwitchThatDoesNotTrustTheManagerIsNotHandedOverAndTheListenerServesOthers() throws Exception {
        try (RealOvsdbServer stranger = RealOvsdbServer.vswitchOverTls("pssl:0:127.0.0.1");
                RealOvsdbServer trusted = RealOvsdbServer.vswitchOverTls("pssl:0:127.0.0.1")) {
            transport = transportTrusting(trusted);
            CompletableFuture<OvsdbSession> accepted = new CompletableFuture<>();
            InetSocketAddress bound = get(transport.listen(
                    (OvsdbTarget.PassiveTcp) OvsdbTarget.parse("pssl:0:127.0.0.1"), accepted::complete));

            stranger.addRemote("ssl:127.0.0.1:" + bound.getPort());
            assertThatEventually(Duration.ofSeconds(10), stranger::log, log -> assertThat(log)
                    .as("the stranger tried and refused the manager's certificate")
                    .contains("SSL_connect", "certificate verify failed"));
            assertThat(accepted).as("no session handed over for it").isNotDone();

            trusted.addRemote("ssl:127.0.0.1:" + bound.getPort());
            assertThat(get(accepted.get(15, TimeUnit.SECONDS).listDatabases())).contains("Open_vSwitch");
        }
    }

    @Test
    void anSslTargetThatSpeaksPlainTcpFailsTheDialNamingTheHandshake() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitch("ptcp:" + port + ":127.0.0.1")) {
            transport = new OvsdbTransport(events, SETTINGS, Optional.of(strangerTls()));

            assertThatThrownBy(() -> get(transport.connect(OvsdbTarget.parse("ssl:127.0.0.1:" + port))))
                    .hasMessageContaining("cannot connect: TLS handshake failed")
                    .hasMessageContaining("the switch's remote must be ssl: or pssl:");
        }
    }

    @Test
    void sslAndPsslWithoutTheManagersTlsFailNamingTheOptions() {
        transport = new OvsdbTransport(events, SETTINGS);

        assertThatThrownBy(() -> get(transport.connect(OvsdbTarget.parse("ssl:127.0.0.1:6640"))))
                .hasMessageContaining("ssl:127.0.0.1:6640: cannot connect: ssl: and pssl: need the manager's TLS")
                .hasMessageContaining("--tls-private-key, --tls-certificate, --tls-ca-cert");
        assertThatThrownBy(() -> get(transport.listen((OvsdbTarget.PassiveTcp) OvsdbTarget.parse("pssl:0:127.0.0.1"),
                session -> { }))).hasMessageContaining("pssl:0:127.0.0.1: cannot listen: ssl: and pssl: need");
    }

    @Test
    void unusableKeyFilesAreRefusedNamingTheFiles() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "not a certificate");

        assertThatThrownBy(() -> OvsdbTls.fromPem(key, certificate, certificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use private key " + key + ", certificate " + certificate);
    }

    @Test
    void aReloadedIdentityServesTheNextDialAndTheSessionOpenBeforeKeepsWorking() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1")) {
            Path key = Files.copy(strangerKey(), dir.resolve("key.pem"));
            Path certificate = Files.copy(dir.resolve("stranger-cert.pem"), dir.resolve("cert.pem"));
            OvsdbTls tls = OvsdbTls.fromPem(key, certificate, certificate);
            transport = new OvsdbTransport(events, SETTINGS, Optional.of(tls));
            OvsdbTarget target = OvsdbTarget.parse("ssl:127.0.0.1:" + port);
            assertThatThrownBy(() -> get(transport.connect(target))).hasMessageContaining("TLS handshake failed");

            Files.copy(server.tlsKey(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(server.tlsCertificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
            tls.reload();
            OvsdbSession session = get(transport.connect(target));

            assertThat(get(session.listDatabases())).contains("Open_vSwitch");
            Files.writeString(key, "half a key");
            assertThatThrownBy(tls::reload).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot use private key " + key);
            assertThat(get(transport.connect(target)).peer()).as("a new dial, in the identity read before")
                    .isEqualTo("ssl:127.0.0.1:" + port);
            assertThat(get(session.listDatabases())).as("the session opened before").contains("Open_vSwitch");
        }
    }

    @Test
    void aKeyThatIsNotItsCertificatesIsRefused() throws Exception {
        int port = RealPorts.free();
        try (RealOvsdbServer server = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1")) {
            assertThatThrownBy(() -> OvsdbTls.fromPem(strangerKey(), server.tlsCertificate(),
                    server.tlsCertificate())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not the key of certificate");
        }
    }

    /** The manager as the server's peer: the server's self-signed certificate is the identity and CA of both. */
    private OvsdbTransport transportTrusting(RealOvsdbServer server) {
        return new OvsdbTransport(events, SETTINGS,
                Optional.of(OvsdbTls.fromPem(server.tlsKey(), server.tlsCertificate(), server.tlsCertificate())));
    }

    /** An identity of its own, whose CA signed no switch's certificate. */
    private OvsdbTls strangerTls() {
        Path certificate = dir.resolve("stranger-cert.pem");
        return OvsdbTls.fromPem(strangerKey(), certificate, certificate);
    }

    /** The key of {@link #strangerTls}, with its self-signed certificate as stranger-cert.pem beside it. */
    private Path strangerKey() {
        Path key = dir.resolve("stranger-key.pem");
        if (!Files.exists(key)) {
            RealOvsdbServer.selfSigned(key, dir.resolve("stranger-cert.pem"));
        }
        return key;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}

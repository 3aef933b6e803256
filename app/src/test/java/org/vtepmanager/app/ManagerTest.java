package org.vtepmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vtepmanager.app.Eventually.assertThatEventually;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.web.WebServer;

class ManagerTest {

    @TempDir
    Path temp;
    /** What the file watcher logs: a reload refused is a WARN there. */
    private final ListAppender<ILoggingEvent> reloads = new ListAppender<>();

    @BeforeEach
    void listenToTheFileWatcher() {
        reloads.start();
        ((Logger) LoggerFactory.getLogger(WatchedFiles.class)).addAppender(reloads);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(WatchedFiles.class)).detachAppender(reloads);
    }

    private ManagerConfig config(Path dataDir, int httpPort) {
        return new ManagerConfig(new InetSocketAddress("127.0.0.1", 0),
                (OvsdbTarget.PassiveTcp) OvsdbTarget.parse("ptcp:0:127.0.0.1"), List.of(), "127.0.0.1",
                httpPort, dataDir,
                ManagerConfig.Hypervisors.DEFAULTS, MacTableConfig.DEFAULTS);
    }

    @Test
    void startsServingHealthAndCreatesItsDataDirectory() throws Exception {
        Path dataDir = temp.resolve("nested/data");
        Manager manager = Manager.start(config(dataDir, 0));
        try {
            HttpResponse<String> health = http(manager, HttpRequest.newBuilder(uri(manager, "/health")));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.isDirectory(dataDir)).isTrue();
        } finally {
            manager.stop();
        }
    }

    @Test
    void aNetworkCreatedOverHttpSurvivesAManagerRestartOnTheSameDataDirectory() throws Exception {
        Manager first = Manager.start(config(temp, 0));
        try {
            HttpResponse<String> created = http(first, HttpRequest.newBuilder(uri(first, "/api/v1/networks"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"vni\":5000,\"name\":\"web\"}")));
            assertThat(created.statusCode()).isEqualTo(201);
        } finally {
            first.stop();
        }

        Manager second = Manager.start(config(temp, 0));
        try {
            HttpResponse<String> read = http(second, HttpRequest.newBuilder(uri(second, "/api/v1/networks/5000")));
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"name\":\"web\"");
        } finally {
            second.stop();
        }
    }

    @Test
    void tlsFilesThatCannotBeReadStopTheStartNamingThemAndLeaveNothingListening() throws Exception {
        Path key = temp.resolve("missing-key.pem");
        Path certificate = Files.writeString(temp.resolve("cert.pem"), "not a certificate");
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            httpPort = probe.getLocalPort();
        }
        ManagerConfig config = config(temp.resolve("data"), httpPort)
                .withTls(new ManagerConfig.Tls(key, certificate, certificate));

        assertThatThrownBy(() -> Manager.start(config)).isInstanceOf(ManagerStartException.class)
                .hasMessageStartingWith("TLS: cannot use private key " + key + ", certificate " + certificate);
        try (ServerSocket again = new ServerSocket(httpPort)) {
            assertThat(again.getLocalPort()).as("the HTTP port was never taken").isEqualTo(httpPort);
        }
    }

    @Test
    void anApiTokenFileGuardsChangesAndOneTooShortStopsTheStart() throws Exception {
        String token = "a".repeat(16) + "0123456789abcdef";
        Path file = Files.writeString(temp.resolve("api-token"), token + "\n");
        Manager manager = Manager.start(config(temp.resolve("data"), 0).withApiTokenFile(file));
        try {
            HttpRequest.Builder create = HttpRequest.newBuilder(uri(manager, "/api/v1/networks"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"vni\":5000,\"name\":\"web\"}"));
            assertThat(http(manager, create).statusCode()).isEqualTo(401);
            assertThat(http(manager, create.header("authorization", "Bearer " + token)).statusCode())
                    .isEqualTo(201);
        } finally {
            manager.stop();
        }

        Path tooShort = Files.writeString(temp.resolve("short-token"), "secret\n");
        assertThatThrownBy(() -> Manager.start(config(temp.resolve("data2"), 0).withApiTokenFile(tooShort)))
                .isInstanceOf(ManagerStartException.class)
                .hasMessageStartingWith("--api-token-file " + tooShort + ": line 1: expected NAME TOKEN or TOKEN");
    }

    @Test
    void aTokenRemovedFromItsFileIsRefusedWithoutARestartAndABrokenFileChangesNothing() throws Exception {
        String alice = "a".repeat(32);
        String bob = "b".repeat(32);
        Path file = Files.writeString(temp.resolve("api-tokens"), "alice " + alice + "\nbob " + bob + "\n");
        Manager manager = Manager.start(config(temp.resolve("data"), 0).withApiTokenFile(file));
        try {
            assertThat(createNetwork(manager, 5000, bob)).isEqualTo(201);

            Files.writeString(file, "alice " + alice + "\n");
            AtomicInteger vni = new AtomicInteger(6000);
            assertThatEventually(ManagerFiles.CHECK_PERIOD.multipliedBy(5),
                    () -> createNetwork(manager, vni.incrementAndGet(), bob),
                    status -> assertThat(status).as("bob, revoked").isEqualTo(401));
            assertThat(createNetwork(manager, 5002, alice)).isEqualTo(201);

            Files.writeString(file, "alice short\n");
            assertThatEventually(ManagerFiles.CHECK_PERIOD.multipliedBy(5), () -> List.copyOf(reloads.list),
                    events -> assertThat(events).extracting(ILoggingEvent::getMessage)
                            .contains("API tokens not reloaded: the ones loaded before stay in use"));
            assertThat(createNetwork(manager, 5003, alice)).as("alice, as the list before the broken file")
                    .isEqualTo(201);
        } finally {
            manager.stop();
        }
    }

    private int createNetwork(Manager manager, int vni, String token) {
        try {
            return http(manager, HttpRequest.newBuilder(uri(manager, "/api/v1/networks"))
                    .header("content-type", "application/json").header("authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"vni\":" + vni + ",\"name\":\"n" + vni + "\"}")))
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDocumentRestoredBeforeTheStartIsTheNewManagersIntentAndAStoreWithIntentIsLeftAlone() throws Exception {
        Path document = Files.writeString(temp.resolve("intent.json"), "{\"networks\":[{\"vni\":5000,"
                + "\"name\":\"web\"}],\"vteps\":[{\"id\":\"tor1\",\"kind\":\"hardware-vtep\"}]}");
        Path dataDir = temp.resolve("rebuilt");

        Manager.restore(dataDir, document);
        Manager manager = Manager.start(config(dataDir, 0));
        try {
            assertThat(http(manager, HttpRequest.newBuilder(uri(manager, "/api/v1/networks/5000"))).body())
                    .contains("\"name\":\"web\"");
            assertThat(http(manager, HttpRequest.newBuilder(uri(manager, "/api/v1/vteps/tor1"))).statusCode())
                    .isEqualTo(200);
            assertThat(http(manager, HttpRequest.newBuilder(uri(manager, "/api/v1/networks/5000"))
                    .DELETE()).statusCode()).isEqualTo(204);
        } finally {
            manager.stop();
        }

        Manager.restore(dataDir, document);
        Manager again = Manager.start(config(dataDir, 0));
        try {
            assertThat(http(again, HttpRequest.newBuilder(uri(again, "/api/v1/networks/5000"))).statusCode())
                    .as("deleted since the restore, and not restored again").isEqualTo(404);
        } finally {
            again.stop();
        }
    }

    @Test
    void aDocumentWithABadItemStopsTheStartNamingItAndWritesNothing() throws Exception {
        Path document = Files.writeString(temp.resolve("intent.json"), "{\"networks\":[{\"vni\":5000,"
                + "\"name\":\"web\"},{\"vni\":99999999,\"name\":\"too big\"}]}");
        Path dataDir = temp.resolve("rebuilt");

        assertThatThrownBy(() -> Manager.restore(dataDir, document)).isInstanceOf(ManagerStartException.class)
                .hasMessageStartingWith("--restore " + document + ": networks[1].vni: ");
        Manager manager = Manager.start(config(dataDir, 0));
        try {
            assertThat(http(manager, HttpRequest.newBuilder(uri(manager, "/api/v1/networks"))).body()).isEqualTo("[]");
        } finally {
            manager.stop();
        }
    }

    @Test
    void theTlsCertificatesExpiriesAreMetricsAndARotatedCertificateReplacesItsSeriesWithoutARestart()
            throws Exception {
        Path key = temp.resolve("key.pem");
        Path certificate = temp.resolve("cert.pem");
        SelfSigned.write("manager-one", 400, key, certificate);
        Manager manager = Manager.start(config(temp.resolve("data"), 0)
                .withTls(new ManagerConfig.Tls(key, certificate, certificate)));
        try {
            assertThat(metrics(manager)).contains(
                    "vtep_manager_certificate_expiry_timestamp_seconds{subject=\"CN=manager-one\",use=\"tls\"}",
                    "vtep_manager_certificate_expiry_timestamp_seconds{subject=\"CN=manager-one\",use=\"tls-ca\"}");

            Path newKey = temp.resolve("new-key.pem");
            Path newCertificate = temp.resolve("new-cert.pem");
            SelfSigned.write("manager-two", 400, newKey, newCertificate);
            Files.copy(newKey, key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(newCertificate, certificate, StandardCopyOption.REPLACE_EXISTING);

            assertThatEventually(ManagerFiles.CHECK_PERIOD.multipliedBy(5), () -> metrics(manager),
                    scraped -> assertThat(scraped).contains("subject=\"CN=manager-two\",use=\"tls\"")
                            .doesNotContain("CN=manager-one"));
        } finally {
            manager.stop();
        }
    }

    @Test
    void anHttpsKeyThatIsNotItsCertificatesStopsTheStartNamingBothFiles() throws Exception {
        Path key = temp.resolve("https-key.pem");
        Path certificate = temp.resolve("https-cert.pem");
        SelfSigned.write("one", 400, key, temp.resolve("unused-cert.pem"));
        SelfSigned.write("two", 400, temp.resolve("unused-key.pem"), certificate);

        assertThatThrownBy(() -> Manager.start(config(temp.resolve("data"), 0)
                .withHttps(new WebServer.HttpsIdentity(key, certificate))))
                .isInstanceOf(ManagerStartException.class)
                .hasMessage("HTTPS: private key " + key + " is not the key of certificate " + certificate);
    }

    private static String metrics(Manager manager) {
        try {
            return http(manager, HttpRequest.newBuilder(uri(manager, "/metrics"))).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherManagerFailsNamingIt() {
        Manager first = Manager.start(config(temp, 0));
        try {
            assertThatThrownBy(() -> Manager.start(config(temp, 0)))
                    .isInstanceOf(ManagerStartException.class)
                    .hasMessageContaining("intent store in " + temp);
        } finally {
            first.stop();
        }
    }

    @Test
    void stoppingEndsAnOpenDashboardEventStreamRatherThanCuttingIt() throws Exception {
        Manager manager = Manager.start(config(temp, 0));
        HttpResponse<Stream<String>> events;
        try {
            events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(manager, "/api/v1/events"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(events.statusCode()).isEqualTo(200);
        } finally {
            manager.stop();
        }

        assertThat(events.body()).as("the stream up to its end, which a cut connection never reaches")
                .contains("event: hello");
    }

    private static URI uri(Manager manager, String path) {
        return URI.create("http://127.0.0.1:" + manager.httpPort() + path);
    }

    /** A manager that stops answering fails the test instead of hanging the build. */
    private static HttpResponse<String> http(Manager manager, HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dataDirectoryThatIsAFileFailsNamingIt() throws Exception {
        Path file = Files.createFile(temp.resolve("not-a-dir"));
        assertThatThrownBy(() -> Manager.start(config(file, 0)))
                .isInstanceOf(ManagerStartException.class)
                .hasMessageContaining("data directory " + file);
    }

    @Test
    void httpPortInUseFailsNamingTheAddress() {
        Manager first = Manager.start(config(temp.resolve("first"), 0));
        try {
            assertThatThrownBy(() -> Manager.start(config(temp.resolve("second"), first.httpPort())))
                    .isInstanceOf(ManagerStartException.class)
                    .hasMessageContaining("HTTP server on 127.0.0.1:" + first.httpPort());
        } finally {
            first.stop();
        }
    }
}

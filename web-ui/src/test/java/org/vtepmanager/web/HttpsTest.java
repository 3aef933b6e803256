package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.web.api.ApiServices;
import org.vtepmanager.web.api.ApiTokens;
import org.vtepmanager.web.api.WriteAccess;

/**
 * The HTTP port in HTTPS only, with a certificate made by openssl for 127.0.0.1: a client that trusts it reads and,
 * with the API token, writes; plain HTTP gets nothing.
 */
class HttpsTest {

    private static final String TOKEN = "5e4d3c2b1a0f9e8d7c6b5a4938271605";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Path key;
    private Path certificate;
    private H2IntentStore store;
    private Vertx vertx;
    private WebServer server;
    private HttpClient trusting;

    @BeforeEach
    void start() throws Exception {
        key = dir.resolve("key.pem");
        certificate = dir.resolve("cert.pem");
        selfSigned(key, certificate);
        store = H2IntentStore.open(dir.resolve("store"));
        MacTables macs = new MacTables(MacTableConfig.DEFAULTS, Clock.systemUTC());
        vertx = Vertx.vertx();
        server = WebServer.start(vertx, "127.0.0.1", 0, new ApiServices(store, macs,
                new TopologyService(store, macs, 1500), Clock.systemUTC()),
                WriteAccess.tokens(ApiTokens.parse(List.of(TOKEN))),
                Optional.of(new WebServer.HttpsIdentity(key, certificate)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        trusting = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void aClientThatTrustsTheCertificateReadsAndWithTheTokenWritesOverHttps() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("https", "/health")).GET()).statusCode()).isEqualTo(200);

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("https", "/api/v1/networks"))
                .header("content-type", "application/json").header("authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"vni\":5000,\"name\":\"web\"}")));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(send(HttpRequest.newBuilder(uri("https", "/")).GET()).body()).contains("<title>vtep-manager");
    }

    @Test
    void plainHttpGetsNoAnswer() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("http", "/health"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateReplacedInItsFilesServesNewConnectionsOnceReloaded() throws Exception {
        Path rotated = dir.resolve("rotated-cert.pem");
        selfSigned(dir.resolve("rotated-key.pem"), rotated);
        Files.copy(dir.resolve("rotated-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(rotated, certificate, StandardCopyOption.REPLACE_EXISTING);

        server.reloadHttps().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        HttpClient trustingRotated = HttpClient.newBuilder().sslContext(trusting(rotated)).build();
        assertThat(trustingRotated.send(HttpRequest.newBuilder(uri("https", "/health")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpClient trustingOld = HttpClient.newBuilder().sslContext(trusting(dir.resolve("first-cert.pem"))).build();
        assertThatThrownBy(() -> trustingOld.send(HttpRequest.newBuilder(uri("https", "/health")).timeout(TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aReloadOfFilesThatCannotBeUsedFailsAndTheCertificateBeforeKeepsServing() throws Exception {
        Files.writeString(key, "half a key");

        assertThatThrownBy(() -> server.reloadHttps().toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use HTTPS key " + key + " and certificate " + certificate);

        HttpClient fresh = HttpClient.newBuilder().sslContext(trusting(dir.resolve("first-cert.pem"))).build();
        assertThat(fresh.send(HttpRequest.newBuilder(uri("https", "/health")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    /** Writes a new key and a certificate for 127.0.0.1, signed by itself; keeps a copy as first-cert.pem. */
    private void selfSigned(Path newKey, Path newCertificate) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", newKey.toString(),
                "-out", newCertificate.toString()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a certificate")
                .isTrue();
        if (!Files.exists(dir.resolve("first-cert.pem"))) {
            Files.copy(newCertificate, dir.resolve("first-cert.pem"));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return trusting.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }

    /** An SSL context whose only trusted certificate is {@code certificate}. */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

package org.vtepmanager.app;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vtepmanager.ovsdb.session.KeyPairCheck;
import org.vtepmanager.ovsdb.session.OvsdbTls;
import org.vtepmanager.web.WebServer;
import org.vtepmanager.web.api.ApiTokens;
import org.vtepmanager.web.api.WriteAccess;

/**
 * What the manager reads from files besides its store: its TLS identity, the API tokens and the HTTPS identity,
 * read at start (a file that cannot be used stops it, naming the file) and again whenever they change
 * ({@link WatchedFiles}), and the expiries of the certificates among them. Each file's stamp is taken before it is
 * read, so that a change made while the manager starts is read again, not missed.
 */
final class ManagerFiles implements AutoCloseable {

    /** How often watched files are checked: a change is in use within two of these, once the files hold still. */
    static final Duration CHECK_PERIOD = Duration.ofSeconds(2);
    private static final long RELOAD_TIMEOUT_SECONDS = 30;

    private final ManagerConfig config;
    private final Optional<OvsdbTls> tls;
    private final WriteAccess access;
    private final Optional<WatchedFiles.Stamps> tlsRead;
    private final Optional<WatchedFiles.Stamps> tokensRead;
    private final Optional<WatchedFiles.Stamps> httpsRead;
    private final WatchedFiles watched = new WatchedFiles(CHECK_PERIOD);

    private ManagerFiles(ManagerConfig config, Optional<WatchedFiles.Stamps> tlsRead,
            Optional<WatchedFiles.Stamps> tokensRead, Optional<WatchedFiles.Stamps> httpsRead) {
        this.config = config;
        this.tlsRead = tlsRead;
        this.tokensRead = tokensRead;
        this.httpsRead = httpsRead;
        this.tls = config.tls().map(ManagerFiles::loadTls);
        checkHttps(config);
        this.access = config.apiTokenFile().map(ManagerFiles::loadTokens).orElseGet(WriteAccess::open);
    }

    /**
     * Reads every file before anything starts: the TLS identity, the HTTPS pair (checked here, read by the web
     * server as it starts) and the tokens.
     *
     * @throws ManagerStartException naming a file that cannot be used
     */
    static ManagerFiles read(ManagerConfig config) {
        return new ManagerFiles(config, config.tls().map(files -> WatchedFiles.stamp(tlsFiles(files))),
                config.apiTokenFile().map(file -> WatchedFiles.stamp(List.of(file))),
                config.https().map(identity -> WatchedFiles.stamp(httpsFiles(identity))));
    }

    /** The manager's TLS identity, when it has one. */
    Optional<OvsdbTls> tls() {
        return tls;
    }

    /** Who may change intent: the holders of the API tokens, or anyone without {@code --api-token-file}. */
    WriteAccess access() {
        return access;
    }

    /**
     * From now on: serves the certificates' expiries in {@code web}'s metrics, and reads every file again when it
     * changes from what was read at start, as Open vSwitch rereads its own: a certificate is rotated, or a token
     * revoked, without a restart.
     */
    void watch(WebServer web) {
        CertificateExpiry expiry = new CertificateExpiry(Clock.systemUTC());
        config.tls().ifPresent(files -> readTlsCertificates(expiry, files));
        config.https().ifPresent(identity -> expiry.read("https", identity.certificate()));
        expiry.register(web.metrics());
        tls.ifPresent(identity -> watched.watch("TLS identity", identity.files(), tlsRead.orElseThrow(), () -> {
            identity.reload();
            config.tls().ifPresent(files -> readTlsCertificates(expiry, files));
        }));
        config.apiTokenFile().ifPresent(file -> watched.watch("API tokens", List.of(file), tokensRead.orElseThrow(),
                () -> access.replace(readTokens(file))));
        config.https().ifPresent(identity -> watched.watch("HTTPS identity", httpsFiles(identity),
                httpsRead.orElseThrow(), () -> {
                    KeyPairCheck.check(identity.privateKey(), identity.certificate());
                    await(web.reloadHttps());
                    expiry.read("https", identity.certificate());
                }));
    }

    @Override
    public void close() {
        watched.close();
    }

    private static List<Path> tlsFiles(ManagerConfig.Tls files) {
        return List.of(files.privateKey(), files.certificate(), files.caCertificate());
    }

    private static List<Path> httpsFiles(WebServer.HttpsIdentity identity) {
        return List.of(identity.privateKey(), identity.certificate());
    }

    /**
     * Proves the HTTPS key is its certificate's before the port is taken: Vert.x would serve a pair that does not
     * match, and every browser would then fail its handshake with words of its own.
     */
    private static void checkHttps(ManagerConfig config) {
        config.https().ifPresent(identity -> {
            try {
                KeyPairCheck.check(identity.privateKey(), identity.certificate());
            } catch (IllegalArgumentException e) {
                throw new ManagerStartException("HTTPS: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Reads the manager's key and certificates before anything starts ({@link #watch} reads them again when they
     * change). The OVSDB server context also serves the OpenFlow listener: one identity, one CA, as a switch's own
     * {@code set-ssl} has for both.
     */
    private static OvsdbTls loadTls(ManagerConfig.Tls files) {
        try {
            return OvsdbTls.fromPem(files.privateKey(), files.certificate(), files.caCertificate());
        } catch (IllegalArgumentException e) {
            throw new ManagerStartException("TLS: " + e.getMessage(), e);
        }
    }

    /** The expiries of the manager's certificate and of the CAs it trusts. */
    private static void readTlsCertificates(CertificateExpiry expiry, ManagerConfig.Tls files) {
        expiry.read("tls", files.certificate());
        expiry.read("tls-ca", files.caCertificate());
    }

    /** Waits for a reload the HTTP server does on its own event loop; its failure is thrown as the reload's. */
    private static void await(Future<Void> reload) {
        try {
            reload.toCompletionStage().toCompletableFuture().get(RELOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the HTTP server did not answer within " + RELOAD_TIMEOUT_SECONDS + " s");
        }
    }

    /** Tokens that cannot be read or used stop the start: an API guarded by no token at all is not what was asked. */
    private static WriteAccess loadTokens(Path file) {
        try {
            return WriteAccess.tokens(readTokens(file));
        } catch (IllegalArgumentException e) {
            throw new ManagerStartException("--api-token-file " + e.getMessage(), e);
        }
    }

    /**
     * One token per line, {@code NAME TOKEN}, or a bare token as {@code openssl rand -hex 32 > FILE} writes it.
     *
     * @throws IllegalArgumentException naming the file, and the line when one is wrong
     */
    private static ApiTokens readTokens(Path file) {
        try {
            return ApiTokens.parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}

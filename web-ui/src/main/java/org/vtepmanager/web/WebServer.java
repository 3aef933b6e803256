package org.vtepmanager.web;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.Optional;
import org.vtepmanager.web.api.Api;
import org.vtepmanager.web.api.ApiServices;
import org.vtepmanager.web.api.WriteAccess;
import org.vtepmanager.web.dashboard.Dashboard;
import org.vtepmanager.web.metrics.MetricsEndpoint;

/**
 * The manager's HTTP endpoint: the dashboard at {@code /}, the REST API and its event stream under {@code /api},
 * Prometheus metrics at {@code /metrics}.
 */
public final class WebServer {

    /**
     * HTTP/1.1 only. With cleartext HTTP/2 on, a JDK HttpClient's first request (sent with an h2c upgrade) once went
     * unanswered for 14 minutes in CI; browsers never use h2c, and the API's small JSON bodies gain nothing from it.
     */
    private static final HttpServerOptions OPTIONS = new HttpServerOptions().setHttp2ClearTextEnabled(false);

    private final HttpServer server;
    private final Api api;
    private final PrometheusRegistry metrics;
    private final Optional<HttpsIdentity> https;

    private WebServer(HttpServer server, Api api, PrometheusRegistry metrics, Optional<HttpsIdentity> https) {
        this.server = server;
        this.api = api;
        this.metrics = metrics;
        this.https = https;
    }

    /** As {@link #start(Vertx, String, int, ApiServices, WriteAccess)}, with changes open to anyone. */
    public static Future<WebServer> start(Vertx vertx, String host, int port, ApiServices services) {
        return start(vertx, host, port, services, WriteAccess.open());
    }

    /** As {@link #start(Vertx, String, int, ApiServices, WriteAccess, Optional)}, over plain HTTP. */
    public static Future<WebServer> start(Vertx vertx, String host, int port, ApiServices services,
            WriteAccess access) {
        return start(vertx, host, port, services, access, Optional.empty());
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and completes once the server accepts connections; the
     * API's changes are guarded by {@code access}. With {@code https} the port speaks HTTPS only, so that the API
     * token and the fabric's intent do not cross the management network in clear text.
     */
    public static Future<WebServer> start(Vertx vertx, String host, int port, ApiServices services,
            WriteAccess access, Optional<HttpsIdentity> https) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> Api.health(ctx, services));
        Dashboard.mount(router);
        PrometheusRegistry metrics = MetricsEndpoint.mount(vertx, router, services.topology(), services.macs());
        CounterWithCallback.builder().name("vtep_manager_api_changes_refused")
                .help("API changes refused for want of a valid token (--api-token-file): alert when it grows")
                .callback(callback -> callback.call(access.refusedCount())).register(metrics);
        GaugeWithCallback.builder().name("vtep_manager_intent_store_writable")
                .help("0 while the intent store cannot write (GET /health says why): changes are refused meanwhile")
                .callback(callback -> callback.call(services.intent().writeFailure().isEmpty() ? 1 : 0))
                .register(metrics);
        Api api = Api.mount(vertx, router, services, access);
        HttpServerOptions options = https.map(identity -> new HttpServerOptions(OPTIONS).setSsl(true)
                .setKeyCertOptions(identity.pem())).orElse(OPTIONS);
        return vertx.createHttpServer(options).requestHandler(router).listen(port, host)
                .map(server -> new WebServer(server, api, metrics, https))
                .onFailure(e -> api.close());
    }

    /**
     * The key and certificate (chain) the HTTPS port presents to browsers and API clients, as PEM files; the
     * certificate is usually signed by a CA the operators' browsers trust, not the switches' CA.
     */
    public record HttpsIdentity(Path privateKey, Path certificate) {

        private PemKeyCertOptions pem() {
            return new PemKeyCertOptions().setKeyPath(privateKey.toString()).setCertPath(certificate.toString());
        }
    }

    /**
     * Reads the HTTPS key and certificate again, for a certificate rotated without a restart: connections from now
     * on are served with them, those open keep theirs. Fails with an IllegalArgumentException naming the files,
     * changing nothing, when they cannot be used.
     *
     * @throws IllegalStateException when the port speaks plain HTTP
     */
    public Future<Void> reloadHttps() {
        HttpsIdentity identity = https.orElseThrow(() -> new IllegalStateException("the port speaks plain HTTP"));
        // force: the file names are the same as before, and only their contents changed.
        return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(identity.pem()), true)
                .<Void>mapEmpty().recover(e -> Future.failedFuture(new IllegalArgumentException("cannot use HTTPS key "
                        + identity.privateKey() + " and certificate " + identity.certificate() + ": "
                        + e.getMessage(), e)));
    }

    /** The registry {@code GET /metrics} serves: other parts of the manager add theirs here. */
    public PrometheusRegistry metrics() {
        return metrics;
    }

    public int port() {
        return server.actualPort();
    }

    /** Ends the dashboards' event streams, then stops accepting connections. */
    public Future<Void> close() {
        api.close();
        return server.close();
    }
}

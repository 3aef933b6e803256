package org.vtepmanager.web;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.web.api.ApiServices;
import org.vtepmanager.web.api.WriteAccess;

/** A running web server on a free port over an H2 intent store in {@code dir}, and a plain HTTP client for it. */
final class ApiFixture implements AutoCloseable {

    final H2IntentStore store;
    final MacTables macs;
    final TopologyService topology;
    private final Vertx vertx;
    private final WebServer server;
    /** A server that never answers fails the test here instead of hanging the build. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();

    ApiFixture(Path dir) throws Exception {
        this(dir, UnaryOperator.identity());
    }

    /** {@code apiStore}: the store as the API is given it, over {@link #store} (which the test writes directly). */
    ApiFixture(Path dir, UnaryOperator<IntentStore> apiStore) throws Exception {
        this(dir, apiStore, WriteAccess.open());
    }

    /** Changes guarded by {@code access}. */
    ApiFixture(Path dir, WriteAccess access) throws Exception {
        this(dir, UnaryOperator.identity(), access);
    }

    private ApiFixture(Path dir, UnaryOperator<IntentStore> apiStore, WriteAccess access) throws Exception {
        store = H2IntentStore.open(dir);
        macs = new MacTables(MacTableConfig.DEFAULTS, Clock.systemUTC());
        macs.load(store.current());
        store.addListener(macs);
        topology = new TopologyService(store, macs, 1500);
        vertx = Vertx.vertx();
        server = WebServer.start(vertx, "127.0.0.1", 0, new ApiServices(apiStore.apply(store), macs, topology,
                Clock.systemUTC()), access)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Opens the push channel; {@code lastEventId} (may be null) resumes after that entry. */
    SseClient events(String lastEventId) {
        return new SseClient(http, uri("/api/v1/events"), lastEventId);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json, "application/json");
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return send("PUT", path, json, "application/json");
    }

    /** Sends {@code body} with {@code contentType} (null: no header) and any extra header name/value pairs. */
    HttpResponse<String> send(String method, String path, String body, String contentType, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return send(headers.length == 0 ? request : request.headers(headers));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(RESPONSE_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        store.close();
    }
}

package org.vtepmanager.it;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.web.WebServer;
import org.vtepmanager.web.api.ApiServices;
import org.vtepmanager.web.api.WriteAccess;

/**
 * The web server alone, on its own store in a directory of the test's, wired as the manager wires it but without a
 * southbound: for browser tests that need no lab. A test reports what the southbound would through
 * {@link #topology}.
 */
final class StandaloneWebServer implements AutoCloseable {

    final TopologyService topology;
    private final H2IntentStore store;
    private final Vertx vertx;
    private final WebServer server;

    private StandaloneWebServer(H2IntentStore store, TopologyService topology, Vertx vertx, WebServer server) {
        this.store = store;
        this.topology = topology;
        this.vertx = vertx;
        this.server = server;
    }

    static StandaloneWebServer start(Path dir, WriteAccess access) throws Exception {
        H2IntentStore store = H2IntentStore.open(dir);
        MacTables macs = MacTables.withSystemClocks(MacTableConfig.DEFAULTS);
        macs.load(store.current());
        store.addListener(macs);
        TopologyService topology = new TopologyService(store, macs, 1500);
        Vertx vertx = Vertx.vertx();
        WebServer server = WebServer.start(vertx, "127.0.0.1", 0, new ApiServices(store, macs, topology,
                Clock.systemUTC()), access).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new StandaloneWebServer(store, topology, vertx, server);
    }

    /** Where a browser or a client finds {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }
}

package org.vtepmanager.app;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.IpLiterals;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentStoreException;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ovsdb.session.OvsdbTls;
import org.vtepmanager.web.WebServer;
import org.vtepmanager.web.api.ApiServices;
import org.vtepmanager.web.api.IntentDocuments;
import org.vtepmanager.web.api.WriteAccess;

/** A running manager: owns the event loops and servers of every module and stops them in reverse order. */
public final class Manager {

    private static final Logger log = LoggerFactory.getLogger(Manager.class);
    private static final long START_TIMEOUT_SECONDS = 30;
    /** How often a store that cannot write is tried again. */
    private static final long STORE_PROBE_MILLIS = 5_000;
    private static final long MAC_AGING_PERIOD_MILLIS = 10_000;

    private final Vertx vertx;
    private final WebServer web;
    private final H2IntentStore store;
    private final Southbound southbound;
    private final OpenFlowSide openflow;
    private final ManagerFiles files;

    private Manager(Vertx vertx, WebServer web, H2IntentStore store, Southbound southbound, OpenFlowSide openflow,
            ManagerFiles files) {
        this.vertx = vertx;
        this.web = web;
        this.store = store;
        this.southbound = southbound;
        this.openflow = openflow;
        this.files = files;
    }

    /**
     * Restores an intent document ({@code GET /api/v1/intent}) into the store in {@code dataDir}, before the manager
     * starts, when that store holds no intent yet: a manager rebuilt after the loss of its disk then finds every
     * switch already as its intent wants it, and flushes nothing (started empty, it would remove what the switches
     * carry until a restore through the API). A store that holds intent is left alone, with a WARN, so that the
     * option may stay on across restarts.
     *
     * @throws ManagerStartException naming the file, and the item when one is wrong (nothing is then written)
     */
    public static void restore(Path dataDir, Path document) {
        prepareDataDir(dataDir);
        String text;
        try {
            text = Files.readString(document);
        } catch (IOException e) {
            throw new ManagerStartException("--restore " + document + ": cannot be read: " + e, e);
        }
        H2IntentStore store = openStore(dataDir);
        try {
            if (!store.current().isEmpty()) {
                log.atWarn().addKeyValue("file", document).addKeyValue("dataDir", dataDir.toAbsolutePath())
                        .addKeyValue("revision", store.current().revision())
                        .log("intent not restored: the store holds intent already");
                return;
            }
            List<IntentChange> made = IntentDocuments.restore(store, text);
            log.atInfo().addKeyValue("file", document).addKeyValue("changes", made.size())
                    .addKeyValue("revision", store.current().revision()).log("intent restored");
        } catch (IllegalArgumentException e) {
            throw new ManagerStartException("--restore " + document + ": " + e.getMessage(), e);
        } finally {
            store.close();
        }
    }

    /**
     * Starts every part or none: a part that fails to start stops the ones already started. The OpenFlow
     * listener comes first, so that switches the OVSDB side points at the controller find it listening.
     *
     * @throws ManagerStartException naming the part and the reason
     */
    public static Manager start(ManagerConfig config) {
        prepareDataDir(config.dataDir());
        ManagerFiles files = ManagerFiles.read(config);
        Optional<OvsdbTls> tls = files.tls();
        WriteAccess access = files.access();
        H2IntentStore store = openStore(config.dataDir());
        Vertx vertx = Vertx.vertx();
        ApiServices services = services(vertx, store, config.macTables(), config.underlayMtu());
        OpenFlowSide openflow = new OpenFlowSide(config, tls.map(identity -> identity::server), services.topology(),
                services.macs(), (int) config.macTables().agingTime().toSeconds());
        Southbound southbound = new Southbound(config, tls, store, services.topology(), services.macs());
        try {
            openflow.start();
            southbound.start(config);
            WebServer web = WebServer.start(vertx, config.httpHost(), config.httpPort(), services, access,
                    config.https())
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            openflow.registerMetrics(web.metrics());
            String scheme = config.https().isPresent() ? "https" : "http";
            log.atInfo().addKeyValue(scheme, config.httpHost() + ":" + web.port())
                    .addKeyValue("openflow", config.openflowListen().getAddress().getHostAddress() + ":"
                            + config.openflowListen().getPort())
                    .addKeyValue("openflowTls", tls.isPresent())
                    .addKeyValue("apiToken", access.guarded())
                    .addKeyValue("ovsdbListen", config.ovsdbListen())
                    .addKeyValue("ovsdbConnect", config.ovsdbConnect())
                    .addKeyValue("hardwareVtepConnect", config.hardwareVteps().connect())
                    .addKeyValue("dataDir", config.dataDir().toAbsolutePath())
                    .log("manager started");
            warnIfOpen(access, config.httpHost());
            probeStoreWrites(vertx, store);
            files.watch(web);
            return new Manager(vertx, web, store, southbound, openflow, files);
        } catch (ManagerStartException e) {
            stopAll(vertx, southbound, openflow, store);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            stopAll(vertx, southbound, openflow, store);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ManagerStartException("HTTP server on " + config.httpHost() + ":" + config.httpPort()
                    + " did not start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            stopAll(vertx, southbound, openflow, store);
            Thread.currentThread().interrupt();
            throw new ManagerStartException("interrupted while starting", e);
        }
    }

    private static void stopAll(Vertx vertx, Southbound southbound, OpenFlowSide openflow, H2IntentStore store) {
        vertx.close();
        southbound.close();
        openflow.close();
        store.close();
    }

    /**
     * A store that cannot write (a full disk) is tried again every few seconds, on a worker: /health and the metric
     * then say it writes again as soon as there is room, not only after an operator's next change.
     */
    private static void probeStoreWrites(Vertx vertx, H2IntentStore store) {
        // Asked on the timer's event loop, which reads a field: a store that writes costs no worker hand-off.
        vertx.setPeriodic(STORE_PROBE_MILLIS, id -> store.writeFailure().ifPresent(failing ->
                vertx.executeBlocking(() -> {
                    store.probeWrite();
                    return null;
                }, false)));
    }

    /** Beyond loopback, an API without a token lets anyone who reaches the port delete every network. */
    private static void warnIfOpen(WriteAccess access, String httpHost) {
        // An IP literal, as the command line takes it: IpLiterals never asks DNS.
        if (!access.guarded() && !IpLiterals.parse("httpHost", httpHost).isLoopbackAddress()) {
            log.atWarn().addKeyValue("httpHost", httpHost)
                    .log("REST API changes are open to anyone who reaches the HTTP port; --api-token-file guards them");
        }
    }

    private static H2IntentStore openStore(Path dataDir) {
        try {
            return H2IntentStore.open(dataDir);
        } catch (IntentStoreException e) {
            throw new ManagerStartException(e.getMessage(), e);
        }
    }

    /** MAC tables follow intent for static MACs; aging scans every table, so it runs on a worker. */
    private static ApiServices services(Vertx vertx, H2IntentStore store, MacTableConfig macTables,
            int underlayMtu) {
        Clock clock = Clock.systemUTC();
        MacTables macs = MacTables.withSystemClocks(macTables);
        macs.load(store.current());
        store.addListener(macs);
        // Learned MACs are aged by their switches (flow idle timeout → flow-removed); the timer ages ARP bindings.
        vertx.setPeriodic(MAC_AGING_PERIOD_MILLIS, id -> vertx.executeBlocking(() -> {
            macs.ageArp();
            return null;
        }));
        return new ApiServices(store, macs, new TopologyService(store, macs, underlayMtu), clock);
    }

    private static void prepareDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ManagerStartException("data directory " + dataDir + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new ManagerStartException("data directory " + dataDir + " is not writable");
        }
    }

    public int httpPort() {
        return web.port();
    }

    /**
     * Stops serving first (the dashboards' event streams are ended, not cut, so their pages see the manager go),
     * then the switches' sessions, then the store, so nothing reaches a closed store. Logs that it stopped only once
     * all of them are closed: the switches' disconnects come before that line.
     */
    public void stop() {
        try {
            // One after the other from this thread: Vert.x closed from its own event loop never reports it is done.
            web.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("web server did not stop cleanly");
        } finally {
            files.close();
            southbound.close();
            openflow.close();
            store.close();
        }
        log.info("manager stopped");
    }
}

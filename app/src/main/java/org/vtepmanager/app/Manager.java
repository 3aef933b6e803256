package org.vtepmanager.app;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.web.WebServer;

/** A running manager: owns the event loops and servers of every module and stops them in reverse order. */
public final class Manager {

    private static final Logger log = LoggerFactory.getLogger(Manager.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final WebServer web;

    private Manager(Vertx vertx, WebServer web) {
        this.vertx = vertx;
        this.web = web;
    }

    /**
     * Starts every part or none: a part that fails to start stops the ones already started.
     *
     * @throws ManagerStartException naming the part and the reason
     */
    public static Manager start(ManagerConfig config) {
        prepareDataDir(config);
        Vertx vertx = Vertx.vertx();
        try {
            WebServer web = WebServer.start(vertx, config.httpHost(), config.httpPort())
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.atInfo().addKeyValue("http", config.httpHost() + ":" + web.port())
                    .addKeyValue("openflow", config.openflowListen().getAddress().getHostAddress() + ":"
                            + config.openflowListen().getPort())
                    .addKeyValue("ovsdbListen", config.ovsdbListen())
                    .addKeyValue("ovsdbConnect", config.ovsdbConnect())
                    .addKeyValue("dataDir", config.dataDir().toAbsolutePath())
                    .log("manager started");
            return new Manager(vertx, web);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ManagerStartException("HTTP server on " + config.httpHost() + ":" + config.httpPort()
                    + " did not start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            vertx.close();
            Thread.currentThread().interrupt();
            throw new ManagerStartException("interrupted while starting", e);
        }
    }

    private static void prepareDataDir(ManagerConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ManagerStartException("data directory " + config.dataDir() + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(config.dataDir())) {
            throw new ManagerStartException("data directory " + config.dataDir() + " is not writable");
        }
    }

    public int httpPort() {
        return web.port();
    }

    public void stop() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("manager stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("manager did not stop cleanly");
        }
    }
}

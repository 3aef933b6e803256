package org.vtepmanager.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ovsdb.OvsdbSouthbound;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTls;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.tor.TorSettings;

/**
 * The OVSDB side of a running manager: its threads (one events thread for every session, one writer for
 * registrations), its transport and the southbound that joins the provider to core; started and stopped as one.
 */
final class Southbound implements AutoCloseable {

    private static final long BIND_TIMEOUT_SECONDS = 10;

    private final ScheduledThreadPoolExecutor events = new ScheduledThreadPoolExecutor(1, named("ovsdb-events"));
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor(named("intent-writer"));
    private final OvsdbTransport transport;
    private final OvsdbSouthbound ovsdb;

    /** {@code tls}: the manager's TLS identity, if it has one; bridges then dial the OpenFlow listener as ssl:. */
    Southbound(ManagerConfig config, Optional<OvsdbTls> tls, IntentStore store, TopologyService topology,
            MacTables macs) {
        this.transport = new OvsdbTransport(events, OvsdbTransport.SessionSettings.DEFAULTS, tls);
        HypervisorSettings settings = HypervisorSettings.defaults()
                .withDatapathType(config.hypervisors().datapathType())
                .withOpenflow(config.openflowAddressForSwitches(), config.openflowListen().getPort())
                .withOpenflowTls(tls.isPresent())
                .withBridge(config.hypervisors().integrationBridge());
        // Pending reconnection timers must not hold up a shutdown.
        events.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Every OVSDB request schedules its timeout here and cancels it on the reply; kept until it would have
        // fired, a cancelled one held its request's reply (a ToR's monitor reply: megabytes) for that long.
        events.setRemoveOnCancelPolicy(true);
        this.ovsdb = new OvsdbSouthbound(store, topology, macs, events, transport, settings,
                TorSettings.defaults().withServiceNodes(config.hardwareVteps().serviceNodes()), storeWriter);
    }

    /** Listens for switches that dial in, then registers the command line's targets and starts dialling. */
    void start(ManagerConfig config) {
        try {
            ovsdb.listen(config.ovsdbListen()).get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ManagerStartException("OVSDB listener " + config.ovsdbListen() + " did not start: "
                    + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerStartException("interrupted while starting the OVSDB listener", e);
        }
        ovsdb.start(config.ovsdbConnect(), config.hardwareVteps().connect());
    }

    /**
     * Closes sessions and listener while the events thread still runs (their close callbacks are delivered
     * there), then stops the threads.
     */
    @Override
    public void close() {
        ovsdb.close();
        drain();
        transport.close();
        drain();
        events.shutdown();
        awaitQuietly(events, Duration.ofSeconds(5));
        storeWriter.shutdown();
        awaitQuietly(storeWriter, Duration.ofSeconds(5));
    }

    /** Waits until every task queued on the events thread so far has run. */
    private void drain() {
        try {
            events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a stuck events thread is reported by awaitTermination's timeout; nothing more to do here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(ExecutorService executor, Duration timeout) {
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

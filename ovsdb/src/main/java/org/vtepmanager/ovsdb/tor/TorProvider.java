package org.vtepmanager.ovsdb.tor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.session.GracefulClose;
import org.vtepmanager.ovsdb.session.OvsdbProvider;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * The OVSDB provider for hardware VTEPs (the hardware_vtep schema): dials the ToRs it is given (reconnecting with
 * capped backoff), takes ToRs that dialled in, and keeps every connected one at the spec its reports give.
 *
 * <p>Public methods may be called from any thread; all work runs on the events executor.
 */
public final class TorProvider extends OvsdbProvider {

    private static final Logger log = LoggerFactory.getLogger(TorProvider.class);

    private final TorReports reports;
    /**
     * Open sessions, live or still starting: a starting one hears of changes too (see {@link TorSession#changed}).
     * Added to on the thread that accepted a session; read on any thread by {@link #queuePass}.
     */
    private final List<TorSession> all = new CopyOnWriteArrayList<>();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final AtomicBoolean wholeRequested = new AtomicBoolean();
    /** Remote MACs changed since the last pass, from any thread. */
    private final Queue<MacKey> changedMacs = new ConcurrentLinkedQueue<>();
    /**
     * Each ToR's batch size outlives its sessions: a ToR too slow for a first batch of {@link MacBatch#FIRST} rows
     * outlasted the probe, and when every new session started at that size again, it did so on every reconnect.
     * One entry per ToR address ever seen.
     */
    private final Map<String, MacBatch> batches = new ConcurrentHashMap<>();

    public TorProvider(ScheduledExecutorService events, OvsdbTransport transport, TorSettings settings,
            TorReports reports) {
        super(events, transport, settings.minBackoff(), settings.maxBackoff(), reports);
        this.reports = reports;
    }

    /** What some ToR must hold may have changed as a whole (intent, topology): every ToR is planned again, whole. */
    public void changed() {
        wholeRequested.set(true);
        queuePass();
    }

    /**
     * One remote MAC may have changed (learned, moved, forgotten, its IP): the ToRs of its network plan just that
     * MAC, unless a whole pass is due anyway. Every learn of the OpenFlow side calls this, on its own thread, so
     * the key is made only when some ToR session is open: with none, a learn formats no MAC.
     */
    public void macChanged(Supplier<MacKey> mac) {
        if (!all.isEmpty()) {
            changedMacs.add(mac.get());
            queuePass();
        }
    }

    /**
     * Changes arriving before the pass ran are folded into it, so a burst of learned MACs costs one pass; they are
     * folded where they are made, without a task each. With no ToR connected or connecting there is nothing to
     * plan, and a learn costs no task at all.
     */
    private void queuePass() {
        if (!all.isEmpty() && passQueued.compareAndSet(false, true)) {
            events.execute(() -> {
                // Cleared before draining: a change from here on queues a pass of its own.
                passQueued.set(false);
                boolean whole = wholeRequested.getAndSet(false);
                List<MacKey> macs = new ArrayList<>();
                for (MacKey mac = changedMacs.poll(); mac != null; mac = changedMacs.poll()) {
                    macs.add(mac);
                }
                all.forEach(tor -> tor.changed(whole, macs));
            });
        }
    }

    /** A ToR that dials in does so from a new source port each time; its address is what stays. */
    private static String sameTor(String peer) {
        return peer.replaceFirst(":\\d+ \\(passive\\)$", " (passive)");
    }

    @Override
    protected CompletableFuture<Void> establish(OvsdbSession session, boolean dialledIn) {
        TorSession tor = new TorSession(session, dialledIn, events, reports,
                batches.computeIfAbsent(sameTor(session.peer()), peer -> new MacBatch()));
        // Held from before its first plan, so that no change can fall between that plan and the ToR going live.
        all.add(tor);
        session.closeFuture().thenRun(() -> all.remove(tor));
        return tor.start().thenRun(() -> {
            TorObservation seen = tor.observation();
            log.atInfo().addKeyValue("switch", session.peer())
                    .addKeyValue("physicalSwitch", seen.physicalSwitch().orElse("?"))
                    .addKeyValue("tunnelIps", seen.tunnelIps()).log("hardware VTEP connected");
            session.closeFuture().thenRun(() -> {
                String reason = session.closeReason();
                log.atInfo().addKeyValue("switch", session.peer()).addKeyValue("reason", reason)
                        .log("hardware VTEP disconnected");
                reports.disconnected(session.peer(), "OVSDB session closed: " + reason);
            });
        });
    }

    /**
     * Stops dialling and closes every session once its transaction in flight, if any, is answered (at most a few
     * seconds; see {@link GracefulClose}); its rows stay on the switch. Blocks: not on the events executor.
     */
    @Override
    public void close() {
        GracefulClose.close(events, () -> all.stream().map(TorSession::stopWriting).toList(), () -> {
            stopDialling();
            all.forEach(t -> t.session().close());
        }, "hardware VTEPs");
    }
}

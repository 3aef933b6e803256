package org.vtepmanager.ovsdb.tor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.session.ActiveConnection;
import org.vtepmanager.ovsdb.session.Backoff;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * The OVSDB provider for hardware VTEPs (the hardware_vtep schema): dials the ToRs it is given (reconnecting with
 * capped backoff), takes ToRs that dialled in, and keeps every connected one at the spec its reports give.
 *
 * <p>Public methods may be called from any thread; all work runs on the events executor.
 */
public final class TorProvider implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TorProvider.class);

    private final ScheduledExecutorService events;
    private final OvsdbTransport transport;
    private final TorSettings settings;
    private final TorReports reports;
    private final Map<OvsdbTarget, ActiveConnection> dialled = new HashMap<>();
    private final Map<String, TorSession> live = new LinkedHashMap<>();
    private boolean passPending;
    private boolean closed;

    public TorProvider(ScheduledExecutorService events, OvsdbTransport transport, TorSettings settings,
            TorReports reports) {
        this.events = events;
        this.transport = transport;
        this.settings = settings;
        this.reports = reports;
    }

    /** Starts dialling {@code target} and keeps doing so until {@link #disconnect}; idempotent. */
    public void connect(OvsdbTarget target) {
        events.execute(() -> {
            if (!closed && !dialled.containsKey(target)) {
                ActiveConnection connection = new ActiveConnection(target, transport, events,
                        new Backoff(settings.minBackoff(), settings.maxBackoff()), session -> establish(session, false),
                        reports);
                dialled.put(target, connection);
                connection.start();
            }
        });
    }

    /** Stops dialling {@code target} and closes its session; its rows stay on the switch. */
    public void disconnect(OvsdbTarget target) {
        events.execute(() -> {
            ActiveConnection connection = dialled.remove(target);
            if (connection != null) {
                connection.stop();
            }
        });
    }

    /** Takes a session a ToR opened ({@code vtep-ctl set-manager}); it is closed if it is not a usable ToR. */
    public CompletableFuture<Void> accept(OvsdbSession session) {
        return establish(session, true).whenComplete((ok, error) -> {
            if (error != null) {
                reports.failed(session.peer(), String.valueOf(error.getMessage()));
                session.close();
            }
        });
    }

    /**
     * What some ToR must hold may have changed (intent, topology, MAC tables): every ToR is planned again. Calls
     * arriving before that pass ran are folded into it, so a burst of learned MACs costs one pass.
     */
    public void changed() {
        events.execute(() -> {
            if (!passPending) {
                passPending = true;
                events.execute(() -> {
                    passPending = false;
                    live.values().forEach(TorSession::changed);
                });
            }
        });
    }

    private CompletableFuture<Void> establish(OvsdbSession session, boolean dialledIn) {
        TorSession tor = new TorSession(session, dialledIn, events, reports);
        return tor.start().thenRun(() -> {
            live.put(session.peer(), tor);
            TorObservation seen = tor.observation();
            log.atInfo().addKeyValue("switch", session.peer())
                    .addKeyValue("physicalSwitch", seen.physicalSwitch().orElse("?"))
                    .addKeyValue("tunnelIps", seen.tunnelIps()).log("hardware VTEP connected");
            session.closeFuture().thenRun(() -> {
                live.remove(session.peer());
                log.atInfo().addKeyValue("switch", session.peer()).log("hardware VTEP disconnected");
                reports.disconnected(session.peer(), "OVSDB session closed");
            });
        });
    }

    @Override
    public void close() {
        events.execute(() -> {
            closed = true;
            dialled.values().forEach(ActiveConnection::stop);
            dialled.clear();
            live.values().forEach(t -> t.session().close());
        });
    }
}

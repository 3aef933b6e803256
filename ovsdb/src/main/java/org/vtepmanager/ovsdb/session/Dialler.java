package org.vtepmanager.ovsdb.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * The targets one provider dials, each kept by an {@link ActiveConnection} until it is let go, and the matching
 * treatment of sessions switches open themselves. Confined to the events executor.
 */
public final class Dialler {

    private final ScheduledExecutorService events;
    private final OvsdbTransport transport;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final BiFunction<OvsdbSession, Boolean, CompletableFuture<Void>> establish;
    private final ConnectionReports reports;
    private final Map<OvsdbTarget, ActiveConnection> dialled = new HashMap<>();
    private boolean closed;

    /** {@code establish} checks and takes over a new session; its flag says the switch dialled in. */
    public Dialler(ScheduledExecutorService events, OvsdbTransport transport, Duration minBackoff, Duration maxBackoff,
            BiFunction<OvsdbSession, Boolean, CompletableFuture<Void>> establish, ConnectionReports reports) {
        this.events = events;
        this.transport = transport;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.establish = establish;
        this.reports = reports;
    }

    /** Starts dialling {@code target} and keeps doing so until {@link #disconnect}; idempotent. */
    public void connect(OvsdbTarget target) {
        if (!closed && !dialled.containsKey(target)) {
            ActiveConnection connection = new ActiveConnection(target, transport, events,
                    new Backoff(minBackoff, maxBackoff), session -> establish.apply(session, false), reports);
            dialled.put(target, connection);
            connection.start();
        }
    }

    /** Dials exactly {@code targets}: those not dialled yet are started, those no longer among them stopped. */
    public void dialOnly(Set<OvsdbTarget> targets) {
        Set.copyOf(dialled.keySet()).stream().filter(target -> !targets.contains(target)).forEach(this::disconnect);
        targets.forEach(this::connect);
    }

    /** Stops dialling {@code target} and closes its session; its rows stay on the switch. */
    public void disconnect(OvsdbTarget target) {
        ActiveConnection connection = dialled.remove(target);
        if (connection != null) {
            connection.stop();
        }
    }

    /** Takes a session a switch opened ({@code set-manager}); it is closed, with the reason reported, if unusable. */
    public CompletableFuture<Void> accept(OvsdbSession session) {
        return establish.apply(session, true).whenComplete((ok, error) -> {
            if (error != null) {
                reports.failed(session.peer(), String.valueOf(OvsdbSessionException.unwrap(error).getMessage()));
                session.close();
            }
        });
    }

    /** Stops every connection for good. */
    public void close() {
        closed = true;
        dialled.values().forEach(ActiveConnection::stop);
        dialled.clear();
    }
}

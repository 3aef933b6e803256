package org.vtepmanager.ovsdb.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * A target the manager dials and keeps dialling: on failure or when the session ends it waits (capped exponential
 * backoff, reset once a session is established) and tries again. Confined to the events executor.
 */
public final class ActiveConnection {

    private static final Logger log = LoggerFactory.getLogger(ActiveConnection.class);

    private final OvsdbTarget target;
    private final OvsdbTransport transport;
    private final ScheduledExecutorService events;
    private final Backoff backoff;
    private final Function<OvsdbSession, CompletableFuture<Void>> establish;
    private final ConnectionReports reports;
    private OvsdbSession session;
    private ScheduledFuture<?> retry;
    private boolean stopped;
    private String lastFailure;

    public ActiveConnection(OvsdbTarget target, OvsdbTransport transport, ScheduledExecutorService events,
            Backoff backoff, Function<OvsdbSession, CompletableFuture<Void>> establish, ConnectionReports reports) {
        this.target = target;
        this.transport = transport;
        this.events = events;
        this.backoff = backoff;
        this.establish = establish;
        this.reports = reports;
    }

    public void start() {
        attempt();
    }

    public void stop() {
        stopped = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (session != null) {
            session.close();
        }
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        transport.connect(target)
                .thenCompose(opened -> {
                    if (stopped) {
                        // Stopped while dialling (the VTEP was deregistered): nobody owns this session.
                        opened.close();
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    session = opened;
                    opened.closeFuture().thenRunAsync(this::scheduleRetry, events);
                    return establish.apply(opened);
                })
                .whenCompleteAsync((ok, error) -> {
                    if (error == null) {
                        backoff.reset();
                        lastFailure = null;
                    } else {
                        failed(error);
                    }
                }, events);
    }

    private void failed(Throwable error) {
        String reason = String.valueOf(OvsdbSessionException.unwrap(error).getMessage());
        if (!reason.equals(lastFailure)) {
            // Logged once per distinct reason: an unreachable switch must not flood the log every backoff step.
            log.atWarn().addKeyValue("switch", target).addKeyValue("reason", reason).log("OVSDB connection failed");
            reports.failed(target.toString(), reason);
            lastFailure = reason;
        }
        if (session != null && session.isOpen()) {
            session.close();
        } else {
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        session = null;
        if (stopped || (retry != null && !retry.isDone())) {
            return;
        }
        long delay = backoff.next().toMillis();
        retry = events.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }
}

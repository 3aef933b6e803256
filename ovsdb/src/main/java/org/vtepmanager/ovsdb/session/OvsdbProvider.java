package org.vtepmanager.ovsdb.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * How every OVSDB provider reaches its switches: the targets it is given are dialled (reconnecting with capped
 * backoff) until they are let go, and sessions that switches open themselves ({@code set-manager}) are taken;
 * either way the session goes to the provider's {@link #establish}, which checks it and keeps the switch at its
 * spec. The hypervisor and the hardware VTEP providers differ only in what they establish.
 *
 * <p>Public methods may be called from any thread; dialling runs on the events executor.
 */
public abstract class OvsdbProvider implements AutoCloseable {

    protected final ScheduledExecutorService events;
    private final Dialler dialler;

    protected OvsdbProvider(ScheduledExecutorService events, OvsdbTransport transport, Duration minBackoff,
            Duration maxBackoff, ConnectionReports reports) {
        this.events = events;
        this.dialler = new Dialler(events, transport, minBackoff, maxBackoff, this::establish, reports);
    }

    /** Dials exactly {@code targets}: those not dialled yet are started, those no longer among them stopped. */
    public void dial(Set<OvsdbTarget> targets) {
        Set<OvsdbTarget> wanted = Set.copyOf(targets);
        events.execute(() -> dialler.dialOnly(wanted));
    }

    /** Starts dialling {@code target} and keeps doing so until {@link #disconnect}; idempotent. */
    public void connect(OvsdbTarget target) {
        events.execute(() -> dialler.connect(target));
    }

    /** Stops dialling {@code target} and closes its session; its rows stay on the switch. */
    public void disconnect(OvsdbTarget target) {
        events.execute(() -> dialler.disconnect(target));
    }

    /** Takes a session a switch opened; it is closed if it is not a usable one. */
    public CompletableFuture<Void> accept(OvsdbSession session) {
        return dialler.accept(session);
    }

    /** Checks and takes over a new session, dialled or ({@code dialledIn}) opened by the switch. */
    protected abstract CompletableFuture<Void> establish(OvsdbSession session, boolean dialledIn);

    /** Stops every connection for good; on the events executor, as the provider closes. */
    protected void stopDialling() {
        dialler.close();
    }
}

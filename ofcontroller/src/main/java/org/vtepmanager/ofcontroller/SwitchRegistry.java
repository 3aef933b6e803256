package org.vtepmanager.ofcontroller;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACTIVE session of each DPID. Sessions of different connections run on different event loops, so the
 * registry serialises them; the critical sections only touch the map and queue events, nothing blocks.
 *
 * <p>A second connection for a DPID wins: a switch that reconnects after a silent network failure must not wait
 * for the old connection's keepalive to expire. The old session is told it was replaced and closed; its
 * later deactivation then finds someone else registered and changes nothing.
 *
 * <p>Two bridges that share a DPID (a copied {@code other-config:datapath-id}) take each other's place at every
 * reconnect, each second or so, for as long as they share it. A takeover within {@link #REPEATED_TAKEOVER} of the
 * DPID's last one is such a pair rather than a reconnect: it is logged at DEBUG, as is its session's connect, and
 * their VTEPs' problems say what is wrong.
 */
final class SwitchRegistry {

    private static final Logger log = LoggerFactory.getLogger(SwitchRegistry.class);

    static final Duration REPEATED_TAKEOVER = Duration.ofMinutes(1);

    private final Map<DatapathId, SwitchSession> active = new HashMap<>();
    /** When each DPID's connection last took another's place (System.nanoTime), while within the window. */
    private final Map<DatapathId, Long> takeovers = new HashMap<>();
    private final SwitchEvents events;

    SwitchRegistry(SwitchEvents events) {
        this.events = events;
    }

    synchronized void activate(SwitchSession session) {
        SwitchSession previous = active.put(session.dpid(), session);
        if (previous != null) {
            boolean repeated = takenOverRecently(session.dpid());
            takeovers.put(session.dpid(), System.nanoTime());
            (repeated ? log.atDebug() : log.atWarn()).addKeyValue("dpid", session.dpid())
                    .addKeyValue("remote", previous.remoteAddress()).addKeyValue("newRemote", session.remoteAddress())
                    .log("A newer connection claims this DPID; closing the older one");
            events.disconnected(previous);
            previous.close();
        }
        events.connected(session);
    }

    /** Whether a connection of {@code dpid} took another's place within {@link #REPEATED_TAKEOVER}. */
    synchronized boolean takenOverRecently(DatapathId dpid) {
        long now = System.nanoTime();
        takeovers.values().removeIf(at -> now - at >= REPEATED_TAKEOVER.toNanos());
        return takeovers.containsKey(dpid);
    }

    /** @return true if the session was the registered one for its DPID, false if it had been replaced */
    synchronized boolean deactivate(SwitchSession session) {
        boolean removed = active.remove(session.dpid(), session);
        if (removed) {
            events.disconnected(session);
        }
        return removed;
    }

    synchronized Optional<OpenFlowSwitch> get(DatapathId dpid) {
        return Optional.ofNullable(active.get(dpid));
    }

    synchronized Collection<OpenFlowSwitch> all() {
        return List.copyOf(active.values());
    }
}

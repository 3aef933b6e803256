package org.vtepmanager.ofcontroller;

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
 */
final class SwitchRegistry {

    private static final Logger log = LoggerFactory.getLogger(SwitchRegistry.class);

    private final Map<DatapathId, SwitchSession> active = new HashMap<>();
    private final SwitchEvents events;

    SwitchRegistry(SwitchEvents events) {
        this.events = events;
    }

    synchronized void activate(SwitchSession session) {
        SwitchSession previous = active.put(session.dpid(), session);
        if (previous != null) {
            log.atWarn().addKeyValue("dpid", session.dpid()).addKeyValue("remote", previous.remoteAddress())
                    .addKeyValue("newRemote", session.remoteAddress())
                    .log("A newer connection claims this DPID; closing the older one");
            events.disconnected(previous);
            previous.close();
        }
        events.connected(session);
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

package org.vtepmanager.ofcontroller.southbound;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.projectfloodlight.openflow.types.DatapathId;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepView;

/**
 * Hypervisors that the manager holds no OpenFlow session from, as a problem of their VTEP once that has lasted a
 * grace period. A hypervisor judges its own bridge's connection (Controller {@code is_connected}), but only a
 * running ovs-vswitchd writes that column: one that is stopped or hung leaves "connected" in the database, its
 * OVSDB session stays healthy, and the VTEP looked well while the manager could program nothing on it.
 *
 * <p>Judged are the hypervisors whose OVSDB session is up and reports a datapath id (ovs-vswitchd ran the
 * bridge). The grace lets a bridge that was just pointed at the manager, or whose switch daemon restarts, connect
 * first: ovs-vswitchd backs off up to 8 s between attempts. Confined to the southbound's thread.
 */
final class MissingSessions {

    /** As long as a hypervisor's own report of a bridge that does not connect waits (ControllerLink). */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);

    private final TopologyService topology;
    private final Duration grace;
    private final Map<VtepId, Missing> missing = new HashMap<>();

    /** Since when the session of {@code datapathId} is missing, and whether that is reported. */
    private record Missing(long datapathId, long sinceNanos, boolean reported) {
    }

    MissingSessions(TopologyService topology, Duration grace) {
        this.topology = topology;
        this.grace = grace;
    }

    /** Judges every hypervisor at {@code nowNanos}; {@code held} says whether a session of that datapath is up. */
    void judge(LongPredicate held, long nowNanos) {
        Set<VtepId> judged = new HashSet<>();
        for (VtepView view : topology.vteps()) {
            if (view.vtep().kind() != VtepKind.HYPERVISOR || view.state() != ConnectionState.CONNECTED
                    || view.datapathId().isEmpty() || held.test(view.datapathId().getAsLong())) {
                continue;
            }
            VtepId vtep = view.vtep().id();
            long datapathId = view.datapathId().getAsLong();
            judged.add(vtep);
            Missing since = missing.get(vtep);
            if (since == null || since.datapathId() != datapathId) {
                forget(vtep);
                missing.put(vtep, new Missing(datapathId, nowNanos, false));
            } else if (!since.reported() && nowNanos - since.sinceNanos() >= grace.toNanos()) {
                missing.put(vtep, new Missing(datapathId, since.sinceNanos(), true));
                topology.reportSessionMissing(vtep, Optional.of(describe(datapathId)));
            }
        }
        forgetAll(vtep -> !judged.contains(vtep));
    }

    /**
     * A session of {@code datapathId} is up: its VTEP's problem goes at once rather than at the next judgement,
     * without computing every VTEP's view for each switch that connects (a manager restart connects them all).
     */
    void sessionUp(long datapathId) {
        forgetAll(vtep -> missing.get(vtep).datapathId() == datapathId);
    }

    private void forgetAll(Predicate<VtepId> which) {
        Set.copyOf(missing.keySet()).stream().filter(which).forEach(this::forget);
    }

    private void forget(VtepId vtep) {
        Missing gone = missing.remove(vtep);
        if (gone != null && gone.reported()) {
            topology.reportSessionMissing(vtep, Optional.empty());
        }
    }

    private String describe(long datapathId) {
        return "the manager has held no OpenFlow session from this hypervisor's integration bridge (datapath "
                + DatapathId.of(datapathId) + ") for more than " + grace.toSeconds() + " s, while ovs-vswitchd "
                + "last reported it connected: ovs-vswitchd may be stopped or hung, or another controller answers "
                + "at the address the bridge dials; until it reconnects the manager cannot program it";
    }
}

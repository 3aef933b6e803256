package org.vtepmanager.ofcontroller.southbound;

import java.util.List;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.mac.LearnOutcome;
import org.vtepmanager.ofcontroller.pipeline.FlowPipeline;

/**
 * Keeps sources the MAC tables refused off the controller for a while. The source table copies every frame of an
 * unknown source here, and a refused one stays unknown: a MAC pinned or damped elsewhere (a cloned VM), or a port or
 * network at its MAC limit, cost a packet-in and a trip through the switch's slow path per frame for as long as it
 * talked. In the lab such a VM sent at a third of its speed and filled its switch's packet-in budget, which delayed
 * every other learn there. A hold passes those frames on unasked; the switch drops it by itself after the hold time
 * (a hard timeout), and the next frame asks again, so a source that may be learned by then is. A refused MAC is held
 * alone, by the match its source entry would have, which replaces the hold once the MAC is learned or pinned there. A
 * port at a limit is held whole: a flood of new MACs costs one hold, not one per MAC, and known sources still pass by
 * their own entries. Confined to the southbound's thread.
 */
final class LearnHolds {

    /** Holds remembered per switch beyond which those that ended are swept out. */
    private static final int SWEEP_ABOVE = 256;

    private final FlowPipeline pipeline;
    private final int holdSeconds;
    private final LongSupplier nanos;

    /** A hold on a switch: a port's source in a network, or ({@link #WHOLE_PORT}) all of its new sources there. */
    record Held(OFPort port, Vni vni, long mac) {
        static final long WHOLE_PORT = -1;
    }

    LearnHolds(FlowPipeline pipeline, int holdSeconds, LongSupplier nanos) {
        this.pipeline = pipeline;
        this.holdSeconds = holdSeconds;
        this.nanos = nanos;
    }

    /** Holds the source of a learn that was refused, unless the switch holds it already. */
    void refused(SwitchState state, LearnOutcome outcome, Vni vni, OFPort port, MacAddress mac) {
        boolean wholePort = outcome == LearnOutcome.PORT_FULL || outcome == LearnOutcome.VNI_FULL;
        Held held = new Held(port, vni, wholePort ? Held.WHOLE_PORT : mac.bits());
        long now = nanos.getAsLong();
        Long until = state.holdsUntil.get(held);
        if (until != null && until - now > 0) {
            return;
        }
        if (state.holdsUntil.size() >= SWEEP_ABOVE) {
            state.holdsUntil.values().removeIf(end -> end - now <= 0);
        }
        state.holdsUntil.put(held, now + holdSeconds * 1_000_000_000L);
        OFFlowAdd hold = wholePort ? pipeline.portHold(port, vni, holdSeconds)
                : pipeline.sourceHold(port, vni, mac, holdSeconds);
        state.sw.send(List.of(hold));
    }

    /**
     * Ends the holds of a port the switch no longer has. Open vSwitch keeps flows that match a deleted port, and
     * gives a port added again under its name the same number: a VM's port re-created at its limit would otherwise
     * flood its new MACs unlearned until the hold ran out. Deleted by cookie, so holds placed before the manager
     * restarted or the switch reconnected go too.
     */
    void portGone(SwitchState state, OFPort port) {
        state.holdsUntil.keySet().removeIf(held -> held.port().equals(port));
        state.sw.send(List.of(pipeline.portHoldsGone(port)));
    }
}

package org.vtepmanager.ofcontroller.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.U64;

/**
 * What the manager believes one switch holds of its own (flows with our cookie, groups in our id space): read from
 * the switch on connect, then kept up to date with every batch sent and every flow the switch reports removed.
 * Confined to the southbound's thread.
 *
 * <p>Source and destination entries, nearly all of a switch's flows, are kept by the MAC they are for, one to three
 * per MAC (its source entry where it was learned, its destination entry, a second source entry for a moment while
 * it moves): a learn then costs one lookup in a table of MACs rather than several in a table of every flow. A switch
 * may hold a million of them, so they are kept as numbers, not objects ({@link MacFlowTable} says why).
 */
public final class InstalledSwitch {

    /** The parts of a flow that a reconcile compares. */
    public record Flow(U64 cookie, List<OFInstruction> instructions, int idleTimeout) {
    }

    /** How many of our flows and groups a switch holds other than the model says: missing, extra or changed. */
    public record Differences(int flows, int groups) {
        public boolean none() {
            return flows == 0 && groups == 0;
        }
    }

    /** What a switch must be sent for a flow it must hold. */
    enum Change {
        /** It holds the flow as it must be. */
        NONE,
        /** It lacks the flow, or holds it with another cookie or idle timeout: an add replaces it. */
        ADD,
        /** Only the flow's instructions differ: a modify keeps the flow and its counters. */
        MODIFY
    }

    /** Flows for no one MAC (classifier, misses, floods, ARP): a few per network. */
    private final Map<FlowKey, Flow> others = new HashMap<>();
    private final MacFlowTable macFlows = new MacFlowTable();
    private final Map<OFGroup, List<OFBucket>> groups = new HashMap<>();
    private long timedOut;
    /** Null unless a read of the switch is being compared ({@link #compareWithRead}). */
    private SwitchComparison comparing;

    /** A model of a switch that holds nothing of ours yet, or that is being read: see {@link #readFlows}. */
    public InstalledSwitch() {
    }

    /**
     * Adds the flows of ours among {@code flowStats}, one reply part of a read of the switch: a switch is read into
     * its model a part at a time, as the parts arrive, and never held whole.
     */
    public void readFlows(List<OFFlowStatsEntry> flowStats) {
        for (OFFlowStatsEntry flow : flowStats) {
            if (PipelineSpec.isOurs(flow.getCookie())) {
                write(keyOf(flow), flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout());
            }
        }
    }

    /** Adds the groups of ours among {@code groupStats}, read from the switch. */
    public void readGroups(List<OFGroupDescStatsEntry> groupStats) {
        for (OFGroupDescStatsEntry group : groupStats) {
            if (PipelineSpec.isOurGroup(group.getGroup())) {
                writeGroup(group.getGroup(), group.getBuckets());
            }
        }
    }

    /** Every flow, for a whole-switch reconcile and for reading learned MACs back after a restart. */
    public void forEach(BiConsumer<FlowKey, Flow> action) {
        others.forEach(action);
        macFlows.forEach(action);
    }

    public int flowCount() {
        return others.size() + macFlows.size();
    }

    /** How many flows this model lost to timeouts the switch reported, ever: an audit of the count needs them. */
    public long timedOut() {
        return timedOut;
    }

    Map<OFGroup, List<OFBucket>> groups() {
        return groups;
    }

    /**
     * Starts comparing the model with a read of the switch asked for now; every flow and group written or removed
     * from now on is told to the comparison until it ends. A new comparison replaces one under way.
     */
    public SwitchComparison compareWithRead() {
        comparing = new SwitchComparison(this);
        return comparing;
    }

    void comparisonEnded(SwitchComparison comparison) {
        if (comparing == comparison) {
            comparing = null;
        }
    }

    static FlowKey keyOf(OFFlowStatsEntry flow) {
        return new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch());
    }

    Flow flow(FlowKey key) {
        return key.mac() == null ? others.get(key) : macFlows.flow(key);
    }

    /** Records that the switch is being sent {@code flow} (the mod it is sent, if any, is the caller's to build). */
    Change write(FlowKey key, OFFlowAdd flow) {
        return write(key, flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout());
    }

    /** Records that the switch is being told to delete the flow with this identity. */
    void remove(FlowKey key) {
        if (comparing != null) {
            comparing.flowChanging(key);
        }
        if (key.mac() == null) {
            others.remove(key);
        } else {
            macFlows.remove(key);
        }
    }

    void writeGroup(OFGroup group, List<OFBucket> buckets) {
        if (comparing != null) {
            comparing.groupChanged(group);
        }
        groups.put(group, buckets);
    }

    void removeGroup(OFGroup group) {
        if (comparing != null) {
            comparing.groupChanged(group);
        }
        groups.remove(group);
    }

    /**
     * The switch removed a flow. Only a timeout is news: a flow removed by a delete was taken out when the diff that
     * deleted it was, and Open vSwitch tells of it late, possibly after a later batch added the same flow again
     * (a MAC that moved away and back), which taking it out now would make the model forget.
     */
    public void removed(OFFlowRemoved removed) {
        OFFlowRemovedReason reason = removed.getReason();
        if (reason == OFFlowRemovedReason.IDLE_TIMEOUT || reason == OFFlowRemovedReason.HARD_TIMEOUT) {
            int held = flowCount();
            FlowKey key = new FlowKey(removed.getTableId(), removed.getPriority(), removed.getMatch());
            if (comparing != null) {
                comparing.flowTimedOut(key);
            }
            remove(key);
            timedOut += held - flowCount();
        }
    }

    /** The identities of the flows that exist for {@code macs}, as a copy. */
    List<FlowKey> flowsOf(Collection<PipelineSpec.MacKey> macs) {
        return macFlows.keysOf(macs);
    }

    /** Distinct instruction lists among the MAC entries: a handful per port and tunnel, not one per entry. */
    int macInstructionLists() {
        return macFlows.instructionLists();
    }

    private Change write(FlowKey key, U64 cookie, List<OFInstruction> instructions, int idleTimeout) {
        if (comparing != null) {
            comparing.flowChanging(key);
        }
        if (key.mac() != null) {
            return macFlows.write(key, cookie, instructions, idleTimeout);
        }
        Flow held = others.put(key, new Flow(cookie, instructions, idleTimeout));
        if (held == null || !held.cookie().equals(cookie) || held.idleTimeout() != idleTimeout) {
            return Change.ADD;
        }
        return held.instructions().equals(instructions) ? Change.NONE : Change.MODIFY;
    }
}

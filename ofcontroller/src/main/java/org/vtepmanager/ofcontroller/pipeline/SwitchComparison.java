package org.vtepmanager.ofcontroller.pipeline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.types.OFGroup;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch.Differences;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch.Flow;

/**
 * One read of a switch compared with its {@link InstalledSwitch}, a reply part at a time as the parts arrive: a
 * switch of a million flows is never held whole, and the thread that compares it is never held for more than a
 * part. Started when the read is asked for; confined to the southbound's thread, as the model.
 *
 * <p>Flows are compared with the model as it was when the read was asked for, since a switch answers in the order
 * it is sent, so that is what the read shows. A flow written or removed since is compared with what the model held
 * before, kept here the first time it changes; that holds whether its part arrived before or after the change. A
 * flow the switch reports timed out meanwhile timed out before it was read (Open vSwitch queues every part of a
 * dump at once, and a later timeout's report behind them), so it is left out of that model too. Groups, a handful,
 * are compared at the end, leaving out those written or removed since.
 */
public final class SwitchComparison {

    private final InstalledSwitch installed;
    /** Flows written or removed since the read was asked for, each with what the model held before (null: none). */
    private final Map<FlowKey, Flow> before = new HashMap<>();
    private final Set<OFGroup> changedGroups = new HashSet<>();
    /** The flows the model held when the read was asked for, less those timed out since. */
    private long held;
    /** Flows read that that model holds, equal or not. */
    private long found;
    /** Flows read that differ from that model's, or that it lacks. */
    private int different;

    SwitchComparison(InstalledSwitch installed) {
        this.installed = installed;
        this.held = installed.flowCount();
    }

    /** One reply part of the read; flows of others are left out. */
    public void flows(List<OFFlowStatsEntry> part) {
        for (OFFlowStatsEntry read : part) {
            if (!PipelineSpec.isOurs(read.getCookie())) {
                continue;
            }
            Flow was = heldWhenAsked(InstalledSwitch.keyOf(read));
            found += was == null ? 0 : 1;
            if (!new Flow(read.getCookie(), read.getInstructions(), read.getIdleTimeout()).equals(was)) {
                different++;
            }
        }
    }

    /**
     * How the whole read differs: flows differing or extra, flows missing, and groups as {@code groups} (read
     * after the flows) differ from the model's now. Ends the comparison.
     */
    public Differences finish(List<OFGroupDescStatsEntry> groups) {
        abandon();
        return new Differences(different + (int) (held - found), differentGroups(groups));
    }

    /** Ends the comparison without a result: the read failed. */
    public void abandon() {
        installed.comparisonEnded(this);
    }

    /** The model is about to write or remove {@code key}. */
    void flowChanging(FlowKey key) {
        if (!before.containsKey(key)) {
            before.put(key, installed.flow(key));
        }
    }

    /** The switch reported {@code key} timed out: it is not in the read either. */
    void flowTimedOut(FlowKey key) {
        if (heldWhenAsked(key) != null) {
            held--;
        }
        before.put(key, null);
    }

    void groupChanged(OFGroup group) {
        changedGroups.add(group);
    }

    private Flow heldWhenAsked(FlowKey key) {
        return before.containsKey(key) ? before.get(key) : installed.flow(key);
    }

    private int differentGroups(List<OFGroupDescStatsEntry> groupStats) {
        Map<OFGroup, List<OFBucket>> read = new HashMap<>();
        groupStats.stream().filter(group -> PipelineSpec.isOurGroup(group.getGroup()))
                .forEach(group -> read.put(group.getGroup(), group.getBuckets()));
        int differing = 0;
        for (Map.Entry<OFGroup, List<OFBucket>> group : installed.groups().entrySet()) {
            List<OFBucket> there = read.remove(group.getKey());
            if (!group.getValue().equals(there) && !changedGroups.contains(group.getKey())) {
                differing++;
            }
        }
        read.keySet().removeAll(changedGroups);
        return differing + read.size();
    }
}

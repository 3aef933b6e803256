package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.U64;

/**
 * What the manager believes one switch holds of its own (flows with our cookie, groups in our id space): read from
 * the switch on connect, then kept up to date with every batch sent and every flow the switch reports removed.
 * Confined to the southbound's thread.
 */
public final class InstalledSwitch {

    /** The parts of a flow that a reconcile compares. */
    public record Flow(U64 cookie, List<OFInstruction> instructions, int idleTimeout) {
    }

    private final Map<FlowKey, Flow> flows = new HashMap<>();
    private final Map<OFGroup, List<OFBucket>> groups = new HashMap<>();
    /** Source and destination entries by the MAC they are for: what one MAC's reprogramming looks at. */
    private final Map<PipelineSpec.MacKey, List<FlowKey>> byMac = new HashMap<>();

    public static InstalledSwitch read(List<OFFlowStatsEntry> flowStats, List<OFGroupDescStatsEntry> groupStats) {
        InstalledSwitch installed = new InstalledSwitch();
        for (OFFlowStatsEntry flow : flowStats) {
            if (PipelineSpec.isOurs(flow.getCookie())) {
                installed.put(new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch()),
                        new Flow(flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout()));
            }
        }
        for (OFGroupDescStatsEntry group : groupStats) {
            if (PipelineSpec.isOurGroup(group.getGroup())) {
                installed.groups.put(group.getGroup(), group.getBuckets());
            }
        }
        return installed;
    }

    public Map<FlowKey, Flow> flows() {
        return flows;
    }

    Map<OFGroup, List<OFBucket>> groups() {
        return groups;
    }

    /** Records a flow-mod the switch accepted; {@code key} is its table, priority and match. */
    void applied(FlowKey key, OFFlowMod mod, boolean delete) {
        if (delete) {
            remove(key);
        } else {
            put(key, new Flow(mod.getCookie(), mod.getInstructions(), mod.getIdleTimeout()));
        }
    }

    void applied(OFGroupMod mod, boolean delete) {
        if (delete) {
            groups.remove(mod.getGroup());
        } else {
            groups.put(mod.getGroup(), mod.getBuckets());
        }
    }

    /** The switch expired or deleted a flow by itself (idle timeout). */
    public void removed(OFFlowRemoved removed) {
        remove(new FlowKey(removed.getTableId(), removed.getPriority(), removed.getMatch()));
    }

    /** The flows that exist for {@code mac}: its source entry (if learned here) and its destination entry. */
    List<FlowKey> flowsOf(PipelineSpec.MacKey mac) {
        return byMac.getOrDefault(mac, List.of());
    }

    /**
     * A MAC has one or two flows per switch (its source entry where it was learned, its destination entry), three
     * for a moment while it moves: a short list, not a set, which per learned MAC was a whole hash table.
     */
    private void put(FlowKey key, Flow flow) {
        forgetMac(key, flows.put(key, flow));
        PipelineSpec.MacKey mac = PipelineSpec.macKeyOf(flow.cookie(), key.match());
        if (mac != null) {
            byMac.computeIfAbsent(mac, m -> new ArrayList<>(2)).add(key);
        }
    }

    private void remove(FlowKey key) {
        forgetMac(key, flows.remove(key));
    }

    /** {@code gone} is what the switch held under {@code key} before, if anything. */
    private void forgetMac(FlowKey key, Flow gone) {
        PipelineSpec.MacKey mac = gone == null ? null : PipelineSpec.macKeyOf(gone.cookie(), key.match());
        if (mac != null) {
            List<FlowKey> keys = byMac.get(mac);
            keys.remove(key);
            if (keys.isEmpty()) {
                byMac.remove(mac);
            }
        }
    }
}

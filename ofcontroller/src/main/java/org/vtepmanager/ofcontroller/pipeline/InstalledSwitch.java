package org.vtepmanager.ofcontroller.pipeline;

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

    public static InstalledSwitch read(List<OFFlowStatsEntry> flowStats, List<OFGroupDescStatsEntry> groupStats) {
        InstalledSwitch installed = new InstalledSwitch();
        for (OFFlowStatsEntry flow : flowStats) {
            if (PipelineSpec.isOurs(flow.getCookie())) {
                installed.flows.put(new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch()),
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

    /** Records a flow-mod the switch accepted. */
    void applied(OFFlowMod mod, boolean delete) {
        FlowKey key = new FlowKey(mod.getTableId(), mod.getPriority(), mod.getMatch());
        if (delete) {
            flows.remove(key);
        } else {
            flows.put(key, new Flow(mod.getCookie(), mod.getInstructions(), mod.getIdleTimeout()));
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
        flows.remove(new FlowKey(removed.getTableId(), removed.getPriority(), removed.getMatch()));
    }
}

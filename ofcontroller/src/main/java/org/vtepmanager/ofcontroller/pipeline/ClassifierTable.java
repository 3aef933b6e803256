package org.vtepmanager.ofcontroller.pipeline;

import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.CLASSIFY;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.FROM_TUNNEL;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.SOURCE;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.VNI_MASK;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.cookie;

import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec.Reason;

/**
 * Table 0: which network a frame belongs to. A bound (port, VLAN) writes its VNI into metadata (popping the tag);
 * an untagged binding also takes priority-tagged frames (VID 0, as 802.1Q says: untagged for membership), which
 * hosts with QoS or DCB settings send;
 * a frame from a tunnel takes the VNI from tun_id and is marked as such; a frame from a tunnel that still carries
 * an 802.1Q tag is dropped (VXLAN carries untagged frames); anything else is dropped by the table miss.
 */
final class ClassifierTable {

    private final FlowBuilder flows;

    ClassifierTable(FlowBuilder flows) {
        this.flows = flows;
    }

    List<OFFlowAdd> flows(SwitchContext context) {
        List<OFFlowAdd> result = new ArrayList<>();
        for (SwitchContext.Binding binding : context.bindings()) {
            result.add(port(binding, binding.vlan() == 0 ? OFVlanVidMatch.UNTAGGED
                    : OFVlanVidMatch.ofVlan(binding.vlan())));
            if (binding.vlan() == 0) {
                result.add(port(binding, OFVlanVidMatch.ofVlan(0)));
            }
        }
        for (Vni vni : context.floodTunnels().keySet()) {
            result.add(tunnel(vni));
            result.add(taggedFromTunnel(vni));
        }
        result.add(flows.flow(CLASSIFY, PipelineSpec.PRIORITY_MISS, flows.match().build(),
                cookie(Reason.TABLE_MISS, 0), List.of()));
        return result;
    }

    /** {@code vlan} as the frame carries it: untagged, priority-tagged (present, VID 0) or tagged. */
    private OFFlowAdd port(SwitchContext.Binding binding, OFVlanVidMatch vlan) {
        List<OFInstruction> instructions = new ArrayList<>();
        if (!vlan.equals(OFVlanVidMatch.UNTAGGED)) {
            instructions.add(flows.apply(List.of(flows.factory().actions().popVlan())));
        }
        instructions.add(flows.writeMetadata(binding.vni().value(), VNI_MASK | FROM_TUNNEL));
        instructions.add(flows.gotoTable(SOURCE));
        return flows.flow(CLASSIFY, PipelineSpec.PRIORITY_MATCH, flows.match()
                        .setExact(MatchField.IN_PORT, binding.port()).setExact(MatchField.VLAN_VID, vlan).build(),
                cookie(Reason.CLASSIFY_PORT, binding.vni().value()), instructions);
    }

    private OFFlowAdd tunnel(Vni vni) {
        return flows.flow(CLASSIFY, PipelineSpec.PRIORITY_MATCH,
                flows.match().setExact(MatchField.TUNNEL_ID, U64.of(vni.value())).build(),
                cookie(Reason.CLASSIFY_TUNNEL, vni.value()),
                List.of(flows.writeMetadata(vni.value() | FROM_TUNNEL, VNI_MASK | FROM_TUNNEL),
                        flows.gotoTable(SOURCE)));
    }

    private OFFlowAdd taggedFromTunnel(Vni vni) {
        return flows.flow(CLASSIFY, PipelineSpec.PRIORITY_DROP_TAGGED, flows.match()
                        .setExact(MatchField.TUNNEL_ID, U64.of(vni.value()))
                        .setMasked(MatchField.VLAN_VID, OFVlanVidMatch.PRESENT, OFVlanVidMatch.PRESENT).build(),
                cookie(Reason.DROP_TAGGED_FROM_TUNNEL, vni.value()), List.of());
    }
}

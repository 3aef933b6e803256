package org.vtepmanager.ofcontroller.pipeline;

import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.DESTINATION;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.FROM_TUNNEL;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.SOURCE;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.VNI_MASK;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.cookie;

import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec.Reason;

/**
 * Table 1: source learning. A known (VNI, eth_src, in_port) passes on; a learned one ages with its idle timeout
 * (the switch reports the expiry). Frames from tunnels pass (their MACs are known from the VTEP that learned
 * them). Anything else is an unknown or moved source: a copy goes to the controller and the frame goes on, so the
 * first packet is not lost. So does every ARP reply from a local port, whoever sent it: the controller answers ARP
 * requests only for owners it heard from lately, and an owner's reply is how it hears. A source the MAC tables
 * refused is held: its frames pass on without a copy for a while ({@link #heldSource}, {@link #heldPort}).
 */
final class SourceTable {

    private final FlowBuilder flows;
    /** Every known source's instructions: one shared list, not one per learned MAC for as long as it is known. */
    private final List<OFInstruction> toDestination;

    SourceTable(FlowBuilder flows) {
        this.flows = flows;
        this.toDestination = List.of(flows.gotoTable(DESTINATION));
    }

    /** The flows for no one MAC; each MAC's source entry is {@link #known}. */
    List<OFFlowAdd> flows() {
        List<OFFlowAdd> result = new ArrayList<>();
        result.add(flows.flow(SOURCE, PipelineSpec.PRIORITY_FROM_TUNNEL, flows.matchMetadata(FROM_TUNNEL, FROM_TUNNEL)
                .build(), cookie(Reason.SOURCE_FROM_TUNNEL, 0), List.of(flows.gotoTable(DESTINATION))));
        result.add(flows.flow(SOURCE, PipelineSpec.PRIORITY_ARP, flows.matchMetadata(0, FROM_TUNNEL)
                        .setExact(MatchField.ETH_TYPE, EthType.ARP).setExact(MatchField.ARP_OP, ArpOpcode.REPLY)
                        .build(),
                cookie(Reason.ARP_REPLY_TO_CONTROLLER, 0),
                List.of(flows.apply(List.of(flows.toController())), flows.gotoTable(DESTINATION))));
        result.add(flows.flow(SOURCE, PipelineSpec.PRIORITY_MISS, flows.match().build(),
                cookie(Reason.SOURCE_UNKNOWN, 0),
                List.of(flows.apply(List.of(flows.toController())), flows.gotoTable(DESTINATION))));
        return result;
    }

    /** A local MAC's source entry: (in_port, VNI from a local port, eth_src) passes on. */
    KeyedFlow known(SwitchContext.LocalMac mac, int agingSeconds) {
        FlowKey key = sourceKey(mac.port(), mac.vni(), mac.mac());
        U64 cookie = cookie(Reason.SOURCE_KNOWN, mac.vni().value());
        OFFlowAdd flow = mac.learned()
                ? flows.agingFlow(SOURCE, PipelineSpec.PRIORITY_MATCH, key.match(), cookie, toDestination, agingSeconds)
                : flows.flow(SOURCE, PipelineSpec.PRIORITY_MATCH, key.match(), cookie, toDestination);
        return new KeyedFlow(key, flow);
    }

    /**
     * A source the MAC tables refused passes on, unasked, for {@code seconds}. It is the match of the source entry
     * the MAC would get there, so learning it there later replaces the hold.
     */
    OFFlowAdd heldSource(OFPort port, Vni vni, MacAddress mac, int seconds) {
        return flows.expiringFlow(SOURCE, PipelineSpec.PRIORITY_MATCH, sourceKey(port, vni, mac).match(),
                PipelineSpec.heldCookie(vni.value()), toDestination, seconds);
    }

    /** Every new source of a port in a network passes on, unasked, for {@code seconds}: a MAC limit was reached. */
    OFFlowAdd heldPort(OFPort port, Vni vni, int seconds) {
        Match match = flows.matchMetadata(vni.value(), VNI_MASK | FROM_TUNNEL).setExact(MatchField.IN_PORT, port)
                .build();
        return flows.expiringFlow(SOURCE, PipelineSpec.PRIORITY_HELD_PORT, match,
                PipelineSpec.heldCookie(vni.value()), toDestination, seconds);
    }

    /** Every hold of a port, in every network: the port is gone, and a port added under its number is new. */
    OFFlowDelete portHoldsGone(OFPort port) {
        Match match = flows.match().setExact(MatchField.IN_PORT, port).build();
        return flows.deleteFlows(SOURCE, match, PipelineSpec.heldCookie(0), PipelineSpec.heldCookieMask());
    }

    private static FlowKey sourceKey(OFPort port, Vni vni, MacAddress mac) {
        return FlowKey.macEntry(SOURCE, PipelineSpec.PRIORITY_MATCH, port, vni.value(), VNI_MASK | FROM_TUNNEL,
                mac.bits());
    }
}

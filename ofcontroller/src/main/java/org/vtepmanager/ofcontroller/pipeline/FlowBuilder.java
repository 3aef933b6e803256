package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.Vni;

/** Builds flows and the action lists they share, in the shape Open vSwitch reports them back. */
final class FlowBuilder {

    /** OFPCML_NO_BUFFER: the whole frame goes to the controller; no switch buffer is referred to later. */
    static final int TO_CONTROLLER_MAX_LEN = 0xffff;
    private static final Set<OFFlowModFlags> SEND_FLOW_REMOVED = Set.of(OFFlowModFlags.SEND_FLOW_REM);

    private final OFFactory of;

    FlowBuilder(OFFactory of) {
        this.of = of;
    }

    OFFactory factory() {
        return of;
    }

    Match.Builder match() {
        return of.buildMatch();
    }

    /** A match on the metadata bits of {@code mask} (the VNI, the tunnel bit) being {@code value}. */
    Match.Builder matchMetadata(long value, long mask) {
        return match().setMasked(MatchField.METADATA, OFMetadata.of(U64.of(value)), OFMetadata.of(U64.of(mask)));
    }

    OFFlowAdd flow(TableId table, int priority, Match match, U64 cookie, List<OFInstruction> instructions) {
        return of.buildFlowAdd().setTableId(table).setPriority(priority).setMatch(match).setCookie(cookie)
                .setInstructions(instructions).build();
    }

    /** A flow whose expiry the switch reports (OFPFF_SEND_FLOW_REM): how learned MACs age. */
    OFFlowAdd agingFlow(TableId table, int priority, Match match, U64 cookie, List<OFInstruction> instructions,
            int idleSeconds) {
        return of.buildFlowAdd().setTableId(table).setPriority(priority).setMatch(match).setCookie(cookie)
                .setInstructions(instructions).setIdleTimeout(idleSeconds)
                .setFlags(SEND_FLOW_REMOVED).build();
    }

    /** A flow the switch removes by itself {@code hardSeconds} after it was added, without telling us. */
    OFFlowAdd expiringFlow(TableId table, int priority, Match match, U64 cookie, List<OFInstruction> instructions,
            int hardSeconds) {
        return of.buildFlowAdd().setTableId(table).setPriority(priority).setMatch(match).setCookie(cookie)
                .setInstructions(instructions).setHardTimeout(hardSeconds).build();
    }

    /** Deletes the flows of {@code table} that {@code match} covers and whose cookies have {@code cookie}'s bits. */
    OFFlowDelete deleteFlows(TableId table, Match match, U64 cookie, U64 cookieMask) {
        return of.buildFlowDelete().setTableId(table).setMatch(match).setCookie(cookie).setCookieMask(cookieMask)
                .build();
    }

    OFInstruction apply(List<OFAction> actions) {
        return of.instructions().applyActions(actions);
    }

    OFInstruction gotoTable(TableId table) {
        return of.instructions().gotoTable(table);
    }

    OFInstruction writeMetadata(long value, long mask) {
        return of.instructions().writeMetadata(U64.of(value), U64.of(mask));
    }

    /** Out of a local port, tagged with the port's VLAN when it has one. */
    List<OFAction> toLocalPort(OFPort port, int vlan) {
        List<OFAction> actions = new ArrayList<>();
        if (vlan != 0) {
            actions.add(of.actions().pushVlan(EthType.VLAN_FRAME));
            actions.add(of.actions().setField(of.oxms().vlanVid(OFVlanVidMatch.ofVlan(vlan))));
        }
        actions.add(of.actions().output(port, 0));
        return actions;
    }

    /** Into the tunnel to another VTEP, carrying the VNI (the port has options:key=flow). */
    List<OFAction> toTunnel(OFPort tunnel, Vni vni) {
        return List.of(of.actions().setField(of.oxms().tunnelId(U64.of(vni.value()))), of.actions().output(tunnel, 0));
    }

    /** Into one of the pipeline's groups (see {@link PipelineSpec}). */
    OFAction toGroup(OFGroup group) {
        return of.actions().group(group);
    }

    OFAction toController() {
        return of.actions().output(OFPort.CONTROLLER, TO_CONTROLLER_MAX_LEN);
    }
}

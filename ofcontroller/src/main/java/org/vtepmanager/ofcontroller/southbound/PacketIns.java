package org.vtepmanager.ofcontroller.southbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.mac.LearnOutcome;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.VtepDesiredState;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec.Reason;

/**
 * What the controller does with frames and expiries its switches send: an unknown source is learned (or moved)
 * in the MAC tables, an ARP request is answered from the ARP table or flooded into its network (where its target
 * answers for itself, and that reply, sent here too, confirms the binding again), and an expired
 * source entry ages its MAC out. A rate limit per switch keeps a flood of random source MACs from starving the
 * controller; MAC-table limits (per port, per network) and move damping bound what such a flood can learn, and a
 * source they refuse is held off the controller for a while ({@link LearnHolds}).
 */
final class PacketIns {

    private static final Logger log = LoggerFactory.getLogger(PacketIns.class);
    private final MacTables macs;
    private final OFFactory of;
    private final LearnHolds holds;

    PacketIns(MacTables macs, OFFactory of, LearnHolds holds) {
        this.macs = macs;
        this.of = of;
        this.holds = holds;
    }

    /**
     * A switch whose VTEP cannot be told (not matched yet, or its datapath id shared) or a port not bound to the
     * frame's network teaches nothing; an ARP request our flow sent from it is still flooded, as the bridge itself
     * floods one while no controller is connected, so that its hosts keep finding new neighbours. What flows of
     * other writers send is never acted on there: their groups are not ours.
     */
    void packetIn(SwitchState state, VtepDesiredState vtep, OFPacketIn packetIn) {
        Match match = packetIn.getMatch();
        OFPort inPort = match.get(MatchField.IN_PORT);
        OFMetadata metadata = match.get(MatchField.METADATA);
        if (inPort == null || metadata == null || (metadata.getValue().getValue() & PipelineSpec.FROM_TUNNEL) != 0
                || (metadata.getValue().getValue() & PipelineSpec.VNI_MASK) == 0) {
            return;
        }
        Vni vni = Vni.of((int) (metadata.getValue().getValue() & PipelineSpec.VNI_MASK));
        byte[] frame = packetIn.getData();
        // Requests come from the destination table's ARP flow (replies, on their way, from the source table).
        boolean fromArpFlow = PipelineSpec.hasReason(packetIn.getCookie(), Reason.ARP_TO_CONTROLLER);
        Optional<Frames.Arp> arpRequest = fromArpFlow
                ? Frames.arp(frame).filter(Frames.Arp::request) : Optional.empty();
        Optional<PortVlanOf> where = vtep == null ? Optional.empty() : portName(state, inPort)
                .flatMap(name -> bindingVlan(state, vtep, vni, name)
                        .map(vlan -> new PortVlanOf(inPort, PortName.of(name), vlan)));
        if (where.isEmpty()) {
            arpRequest.ifPresent(request -> flood(state, vni, inPort, frame));
            return;
        }
        if (packetIn.getTableId().equals(PipelineSpec.SOURCE)) {
            learn(state, vni, frame, where.get());
            // An owner's answer confirms its binding.
            Frames.arp(frame).filter(arp -> !arp.request())
                    .ifPresent(reply -> macs.gleanArp(vni, reply.senderIp(), reply.senderMac()));
        }
        arpRequest.ifPresent(request -> arp(state, vni, frame, request, where.get()));
    }

    /** A learned source entry the switch expired: the MAC is gone from everywhere (unless it moved meanwhile). */
    void flowRemoved(SwitchState state, VtepDesiredState vtep, OFFlowRemoved removed) {
        if (vtep == null || !PipelineSpec.hasReason(removed.getCookie(), Reason.SOURCE_KNOWN)
                || removed.getReason() != OFFlowRemovedReason.IDLE_TIMEOUT) {
            return;
        }
        sourceEntry(state, vtep, removed.getMatch()).ifPresent(entry -> {
            if (macs.forget(entry.vni(), entry.mac(), entry.location())) {
                log.atDebug().addKeyValue("vtep", state.vtep).addKeyValue("vni", entry.vni())
                        .addKeyValue("mac", entry.mac()).log("MAC aged out");
            }
        });
    }

    /**
     * Forgets the MACs learned on ports of this switch's VTEP that the switch no longer has: a VM's port deleted from
     * the bridge, or deleted while the switch was away (checked once it is matched). Their source entries went with
     * the port, so nothing would ever age them.
     */
    void forgetGonePorts(SwitchState state) {
        if (state.vtep == null) {
            return;
        }
        Map<String, OFPort> ports = state.sw.portNumbers();
        int forgotten = macs.forgetPorts(state.vtep, port -> !ports.containsKey(port.value()));
        if (forgotten > 0) {
            log.atInfo().addKeyValue("vtep", state.vtep).addKeyValue("macs", forgotten)
                    .log("MACs learned on ports the switch no longer has forgotten");
        }
    }

    /**
     * After a manager restart the MAC tables are empty but the switches still hold the source entries they learned:
     * those entries are learned back, so that nothing working is deleted and re-added.
     */
    void adoptLearned(SwitchState state, VtepDesiredState vtep) {
        if (vtep == null) {
            return;
        }
        state.installed.forEach((key, flow) -> {
            if (PipelineSpec.hasReason(flow.cookie(), Reason.SOURCE_KNOWN) && flow.idleTimeout() > 0) {
                sourceEntry(state, vtep, key.match()).ifPresent(entry ->
                        macs.learn(entry.vni(), entry.mac(), entry.location(), MacSource.LEARNED));
            }
        });
    }

    private void learn(SwitchState state, Vni vni, byte[] frame, PortVlanOf where) {
        Optional<MacAddress> source = Frames.source(frame);
        if (source.isEmpty() || source.get().isMulticast()) {
            return;
        }
        LearnOutcome outcome = macs.learn(vni, source.get(), MacLocation.Local.of(state.vtep, where.port(),
                where.vlan()), MacSource.LEARNED);
        if (!outcome.accepted()) {
            holds.refused(state, outcome, vni, where.ofport(), source.get());
        }
    }

    private void arp(SwitchState state, Vni vni, byte[] frame, Frames.Arp request, PortVlanOf where) {
        macs.gleanArp(vni, request.senderIp(), request.senderMac());
        Optional<MacAddress> owner = macs.resolveArp(vni, request.targetIp());
        if (owner.isEmpty() || owner.get().equals(request.senderMac())) {
            flood(state, vni, where.ofport(), frame);
            return;
        }
        // Answered here: the request never crosses the overlay.
        List<OFAction> actions = new ArrayList<>();
        if (where.vlan().value() != 0) {
            actions.add(of.actions().pushVlan(EthType.VLAN_FRAME));
            actions.add(of.actions().setField(of.oxms().vlanVid(OFVlanVidMatch.ofVlan(where.vlan().value()))));
        }
        actions.add(of.actions().output(OFPort.IN_PORT, 0));
        state.sw.send(List.of(of.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(where.ofport())
                .setActions(actions).setData(Frames.arpReply(request, owner.get())).build()));
    }

    /** Into every port and VTEP of the network but {@code inPort}: where the frame went had the switch flooded it. */
    private void flood(SwitchState state, Vni vni, OFPort inPort, byte[] frame) {
        state.sw.send(List.of(of.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(inPort)
                .setActions(List.of(of.actions().group(PipelineSpec.fullFloodGroup(vni)))).setData(frame).build()));
    }

    private record PortVlanOf(OFPort ofport, PortName port, VlanId vlan) {
    }

    private record SourceEntry(Vni vni, MacAddress mac, MacLocation.Local location) {
    }

    /** Reads (VNI, MAC, port) back from a source entry's match. */
    private static Optional<SourceEntry> sourceEntry(SwitchState state, VtepDesiredState vtep, Match match) {
        OFPort inPort = match.get(MatchField.IN_PORT);
        OFMetadata metadata = match.get(MatchField.METADATA);
        org.projectfloodlight.openflow.types.MacAddress mac = match.get(MatchField.ETH_SRC);
        if (inPort == null || metadata == null || mac == null) {
            return Optional.empty();
        }
        Vni vni = Vni.of((int) (metadata.getValue().getValue() & PipelineSpec.VNI_MASK));
        return portName(state, inPort).flatMap(name -> bindingVlan(state, vtep, vni, name)
                .map(vlan -> new SourceEntry(vni, new MacAddress(mac.getLong()),
                        MacLocation.Local.of(vtep.vtep(), PortName.of(name), vlan))));
    }

    private static Optional<String> portName(SwitchState state, OFPort port) {
        return state.sw.port(port).map(OFPortDesc::getName);
    }

    /** The VLAN by which {@code port} carries {@code vni}, from the VTEP's bindings (the first, if several). */
    private static Optional<VlanId> bindingVlan(SwitchState state, VtepDesiredState vtep, Vni vni, String port) {
        if (state.bindingsFor != vtep) {
            Map<SwitchState.PortVni, VlanId> vlans = new HashMap<>();
            for (VlanBinding binding : vtep.bindings()) {
                vlans.putIfAbsent(new SwitchState.PortVni(binding.portVlan().port().value(), binding.vni()),
                        binding.portVlan().vlan());
            }
            state.bindingVlans = vlans;
            state.bindingsFor = vtep;
        }
        return Optional.ofNullable(state.bindingVlans.get(new SwitchState.PortVni(port, vni)));
    }
}

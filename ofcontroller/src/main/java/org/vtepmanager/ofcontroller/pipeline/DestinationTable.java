package org.vtepmanager.ofcontroller.pipeline;

import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.DESTINATION;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.FROM_TUNNEL;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.VNI_MASK;
import static org.vtepmanager.ofcontroller.pipeline.PipelineSpec.cookie;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec.Reason;

/**
 * Table 2: where a frame goes. A known destination MAC goes to its local port (tagged as that port expects) or into
 * the tunnel to its VTEP; never from one tunnel into another (split horizon: remote routes match local origin only).
 * ARP requests from local ports go to the controller, which answers for IPs it knows or floods them. The rest
 * (broadcast, multicast, unknown unicast) floods: from a local port to every port and VTEP of the VNI, from a tunnel
 * to local ports only.
 */
final class DestinationTable {

    /** More than any switch has (port, VLAN) and (tunnel, VNI) pairs; past it the lists are made afresh. */
    private static final int CACHED_LISTS = 65_536;
    /** A remote entry matches packets from local ports only: the origin bit is matched, and must be clear. */
    private static final long REMOTE_METADATA_MASK = VNI_MASK | FROM_TUNNEL;

    private final FlowBuilder flows;
    /**
     * The instruction list of each (port, VLAN) and (tunnel, VNI), made once: every switch's model interns its
     * entries' lists by equality ({@link InstructionPool}), and equal lists that are one object compare at once.
     * Confined to the southbound's thread, as the pipeline.
     */
    private final Long2ObjectOpenHashMap<List<OFInstruction>> toPort = new Long2ObjectOpenHashMap<>();
    private final Long2ObjectOpenHashMap<List<OFInstruction>> toTunnel = new Long2ObjectOpenHashMap<>();

    DestinationTable(FlowBuilder flows) {
        this.flows = flows;
    }

    /** The flows for no one MAC; each MAC's destination entry is {@link #local} or {@link #remote}. */
    List<OFFlowAdd> flows(SwitchContext context) {
        List<OFFlowAdd> result = new ArrayList<>();
        for (Vni vni : context.floodTunnels().keySet()) {
            result.add(arpRequests(vni));
            result.add(flows.flow(DESTINATION, PipelineSpec.PRIORITY_FLOOD_FROM_TUNNEL,
                    flows.matchMetadata(vni.value() | FROM_TUNNEL, VNI_MASK | FROM_TUNNEL).build(),
                    cookie(Reason.FLOOD, vni.value()),
                    List.of(flows.apply(List.of(flows.toGroup(PipelineSpec.localFloodGroup(vni)))))));
            result.add(flows.flow(DESTINATION, PipelineSpec.PRIORITY_FLOOD,
                    flows.matchMetadata(vni.value(), VNI_MASK).build(), cookie(Reason.FLOOD, vni.value()),
                    List.of(flows.apply(List.of(flows.toGroup(PipelineSpec.fullFloodGroup(vni)))))));
        }
        result.add(flows.flow(DESTINATION, PipelineSpec.PRIORITY_MISS, flows.match().build(),
                cookie(Reason.TABLE_MISS, 0), List.of()));
        return result;
    }

    /** To a local port: from anywhere, so metadata is matched on the VNI alone. */
    KeyedFlow local(SwitchContext.LocalMac mac) {
        long pair = Integer.toUnsignedLong(mac.port().getPortNumber()) << 16 | mac.vlan();
        return entry(mac, VNI_MASK, Reason.DESTINATION_LOCAL,
                instructions(toPort, pair, () -> flows.toLocalPort(mac.port(), mac.vlan())));
    }

    /** Into a tunnel: from local ports only (the origin bit must be clear). */
    KeyedFlow remote(SwitchContext.RemoteMac mac) {
        long pair = Integer.toUnsignedLong(mac.tunnel().getPortNumber()) << 24 | mac.vni().value();
        return entry(mac, REMOTE_METADATA_MASK, Reason.DESTINATION_REMOTE,
                instructions(toTunnel, pair, () -> flows.toTunnel(mac.tunnel(), mac.vni())));
    }

    /**
     * Whether a flow is a remote entry as {@link #remote} makes them: all of its fields but its MAC, VNI and
     * instructions are then known, so a switch's model need not keep them ({@link MacFlowTable}).
     */
    static boolean isRemoteEntry(FlowKey key, long cookie, int idleTimeout) {
        return isRemoteEntryKey(key) && idleTimeout == 0 && cookie == remoteEntryCookie(key.metadata());
    }

    /** Whether a key is that of a remote entry, whatever the flow's cookie and idle timeout. */
    static boolean isRemoteEntryKey(FlowKey key) {
        return key.inPort() == null && key.priority() == PipelineSpec.PRIORITY_MATCH
                && key.metadataMask() == REMOTE_METADATA_MASK && (key.metadata() & ~VNI_MASK) == 0
                && key.table().equals(DESTINATION);
    }

    /** The key of the remote entry for {@code mac} in network {@code vni}. */
    static FlowKey remoteEntryKey(long vni, long mac) {
        return FlowKey.compactMacEntry(DESTINATION, PipelineSpec.PRIORITY_MATCH, null, vni, REMOTE_METADATA_MASK, mac);
    }

    static long remoteEntryCookie(long vni) {
        return PipelineSpec.cookieBits(Reason.DESTINATION_REMOTE, vni);
    }

    private List<OFInstruction> instructions(Long2ObjectOpenHashMap<List<OFInstruction>> made, long pair,
            Supplier<List<OFAction>> actions) {
        List<OFInstruction> instructions = made.get(pair);
        if (instructions == null) {
            if (made.size() >= CACHED_LISTS) {
                made.clear();
            }
            instructions = List.of(flows.apply(actions.get()));
            made.put(pair, instructions);
        }
        return instructions;
    }

    private KeyedFlow entry(SwitchContext.MacRoute mac, long metadataMask, Reason reason,
            List<OFInstruction> instructions) {
        FlowKey key = FlowKey.macEntry(DESTINATION, PipelineSpec.PRIORITY_MATCH, null, mac.vni().value(), metadataMask,
                mac.mac().bits());
        OFFlowAdd flow = flows.flow(DESTINATION, PipelineSpec.PRIORITY_MATCH, key.match(),
                cookie(reason, mac.vni().value()), instructions);
        return new KeyedFlow(key, flow);
    }

    /**
     * Broadcast ARP requests from local ports, which the controller answers or floods; while the bridge has no
     * controller connected (the manager down or restarting), its ARP request group floods them itself, so hosts
     * still find new neighbours. A unicast one (a host re-checking a neighbour it knows) goes where any frame to that
     * MAC goes: sent to the controller only, it would go unanswered whenever packet-ins do (the packet-in limit
     * reached too), and hosts would drop working neighbours.
     */
    private OFFlowAdd arpRequests(Vni vni) {
        return flows.flow(DESTINATION, PipelineSpec.PRIORITY_ARP,
                flows.matchMetadata(vni.value(), VNI_MASK | FROM_TUNNEL)
                        .setExact(MatchField.ETH_DST, MacAddress.BROADCAST)
                        .setExact(MatchField.ETH_TYPE, EthType.ARP)
                        .setExact(MatchField.ARP_OP, ArpOpcode.REQUEST).build(),
                cookie(Reason.ARP_TO_CONTROLLER, vni.value()),
                List.of(flows.apply(List.of(flows.toGroup(PipelineSpec.arpRequestGroup(vni))))));
    }
}

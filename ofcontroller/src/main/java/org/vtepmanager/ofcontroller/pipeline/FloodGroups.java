package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.Vni;

/**
 * Head-end replication, two ALL groups per VNI: "local" has a bucket per local (port, VLAN) of the VNI; "full" has
 * the local group as one bucket and a bucket per tunnel to every other VTEP of the VNI. Frames from a tunnel use
 * the local group only (split horizon); the switch never outputs a frame to the port it came in on. A third group
 * per VNI takes local broadcast ARP requests to the controller, or floods them when it is not there.
 */
final class FloodGroups {

    private final FlowBuilder flows;

    FloodGroups(FlowBuilder flows) {
        this.flows = flows;
    }

    List<OFGroupAdd> groups(SwitchContext context) {
        List<OFGroupAdd> result = new ArrayList<>();
        for (Map.Entry<Vni, Set<OFPort>> vni : context.floodTunnels().entrySet()) {
            List<OFBucket> local = new ArrayList<>();
            context.bindings().stream().filter(b -> b.vni().equals(vni.getKey()))
                    .forEach(b -> local.add(bucket(flows.toLocalPort(b.port(), b.vlan()))));
            List<OFBucket> full = new ArrayList<>();
            full.add(bucket(List.of(flows.toGroup(PipelineSpec.localFloodGroup(vni.getKey())))));
            vni.getValue().stream().sorted().forEach(tunnel -> full.add(bucket(flows.toTunnel(tunnel, vni.getKey()))));
            result.add(group(PipelineSpec.localFloodGroup(vni.getKey()), OFGroupType.ALL, local));
            result.add(group(PipelineSpec.fullFloodGroup(vni.getKey()), OFGroupType.ALL, full));
            result.add(arpRequests(vni.getKey()));
        }
        return result;
    }

    /**
     * Fast failover: the controller, live while the bridge has one connected (Open vSwitch's liveness of port
     * CONTROLLER), else the full flood group. Listed after it, so a switch has it first.
     */
    private OFGroupAdd arpRequests(Vni vni) {
        OFGroup full = PipelineSpec.fullFloodGroup(vni);
        OFBucket controller = flows.factory().buildBucket().setActions(List.of(flows.toController()))
                .setWatchPort(OFPort.CONTROLLER).setWatchGroup(OFGroup.ANY).build();
        OFBucket flood = flows.factory().buildBucket().setActions(List.of(flows.toGroup(full)))
                .setWatchPort(OFPort.ANY).setWatchGroup(full).build();
        return group(PipelineSpec.arpRequestGroup(vni), OFGroupType.FF, List.of(controller, flood));
    }

    private OFGroupAdd group(OFGroup id, OFGroupType type, List<OFBucket> buckets) {
        return flows.factory().buildGroupAdd().setGroup(id).setGroupType(type).setBuckets(buckets).build();
    }

    private OFBucket bucket(List<OFAction> actions) {
        return flows.factory().buildBucket().setActions(actions).setWatchGroup(OFGroup.ANY)
                .setWatchPort(OFPort.ANY).build();
    }
}

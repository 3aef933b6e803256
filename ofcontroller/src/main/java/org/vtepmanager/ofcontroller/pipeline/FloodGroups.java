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
 * the local group only (split horizon); the switch never outputs a frame to the port it came in on.
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
            full.add(bucket(List.of(flows.factory().actions().group(PipelineSpec.localFloodGroup(vni.getKey())))));
            vni.getValue().stream().sorted().forEach(tunnel -> full.add(bucket(flows.toTunnel(tunnel, vni.getKey()))));
            result.add(group(PipelineSpec.localFloodGroup(vni.getKey()), local));
            result.add(group(PipelineSpec.fullFloodGroup(vni.getKey()), full));
        }
        return result;
    }

    private OFGroupAdd group(OFGroup id, List<OFBucket> buckets) {
        return flows.factory().buildGroupAdd().setGroup(id).setGroupType(OFGroupType.ALL).setBuckets(buckets).build();
    }

    private OFBucket bucket(List<OFAction> actions) {
        return flows.factory().buildBucket().setActions(actions).setWatchGroup(OFGroup.ANY)
                .setWatchPort(OFPort.ANY).build();
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vtepmanager.core.topology.TunnelPortName;

/**
 * What the manager keeps true on one hypervisor: the integration bridge (secure fail mode, OpenFlow 1.3, our
 * controller) and one VXLAN port per remote VTEP.
 *
 * @param controllerTarget empty when no address of the manager is known to this switch: the bridge is then kept
 *     without our Controller row rather than pointed somewhere wrong
 * @param tunnels remote VTEP (its id) → its tunnel IP. An empty IP means "not known right now" (e.g. just after a
 *     manager restart, before that VTEP reported): its existing port is kept as it is, never deleted and re-added.
 * @param portNames the tunnel port name of IPs in {@code tunnels} ({@link TunnelPortName}), made once per mesh for
 *     every hypervisor: each plan asks for every remote's, and parsing each IP at each ask was a tenth of a join's
 *     cost at 200 hypervisors. An IP missing here is named when asked.
 */
public record HypervisorSpec(String bridge, String datapathType, Optional<String> controllerTarget,
        SortedMap<String, Optional<String>> tunnels, Map<String, String> portNames, int vxlanPort) {

    public static final int VXLAN_PORT = 4789;

    public HypervisorSpec {
        tunnels = Collections.unmodifiableSortedMap(new TreeMap<>(tunnels));
    }

    /** The name of the tunnel port to {@code remote}. */
    String portName(String remote) {
        String name = portNames.get(remote);
        return name != null ? name : TunnelPortName.of(remote);
    }
}

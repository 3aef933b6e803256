package org.vtepmanager.ovsdb.hypervisor;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the manager keeps true on one hypervisor: the integration bridge (secure fail mode, OpenFlow 1.3, our
 * controller) and one VXLAN port per remote VTEP.
 *
 * @param controllerTarget empty when no address of the manager is known to this switch: the bridge is then kept
 *     without our Controller row rather than pointed somewhere wrong
 * @param tunnels remote VTEP (its id) → its tunnel IP. An empty IP means "not known right now" (e.g. just after a
 *     manager restart, before that VTEP reported): its existing port is kept as it is, never deleted and re-added.
 */
public record HypervisorSpec(String bridge, String datapathType, Optional<String> controllerTarget,
        SortedMap<String, Optional<String>> tunnels, int vxlanPort) {

    public static final int VXLAN_PORT = 4789;

    public HypervisorSpec {
        tunnels = new TreeMap<>(tunnels);
    }

    public HypervisorSpec(String bridge, String datapathType, Optional<String> controllerTarget,
            Map<String, Optional<String>> tunnels, int vxlanPort) {
        this(bridge, datapathType, controllerTarget, new TreeMap<>(tunnels), vxlanPort);
    }
}

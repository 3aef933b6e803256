package org.vtepmanager.ovsdb.hypervisor;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the manager keeps true on one hypervisor: the integration bridge (secure fail mode, OpenFlow 1.3, our
 * controller) and one VXLAN port per remote tunnel IP.
 *
 * @param controllerTarget empty when no address of the manager is known to this switch: the bridge is then kept
 *     without our Controller row rather than pointed somewhere wrong
 */
public record HypervisorSpec(String bridge, String datapathType, Optional<String> controllerTarget,
        SortedSet<String> tunnelRemotes, int vxlanPort) {

    public static final int VXLAN_PORT = 4789;

    public HypervisorSpec {
        tunnelRemotes = new TreeSet<>(tunnelRemotes);
    }
}

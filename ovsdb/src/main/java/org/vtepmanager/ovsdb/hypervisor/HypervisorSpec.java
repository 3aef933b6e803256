package org.vtepmanager.ovsdb.hypervisor;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.vtepmanager.core.topology.TunnelPortName;

/**
 * What the manager keeps true on one hypervisor: the integration bridge (secure fail mode, OpenFlow 1.3, our
 * controller) and one VXLAN port per remote VTEP.
 *
 * @param controllerTarget empty when no address of the manager is known to this switch: the bridge is then kept
 *     without our Controller row rather than pointed somewhere wrong
 * @param localIp the source address of every tunnel port ({@code options:local_ip}): the tunnel IP other VTEPs know
 *     this one by. Without it Open vSwitch sends from the address its route picks, which need not be that one (a
 *     second address of the underlay interface), and every peer drops what arrives from an address its port to
 *     this VTEP does not name.
 * @param tunnels remote VTEP (its id) → its tunnel IP. An empty IP means "not known right now" (e.g. just after a
 *     manager restart, before that VTEP reported): its existing port is kept as it is, never deleted and re-added.
 * @param portNames the tunnel port name of IPs in {@code tunnels} ({@link TunnelPortName}), made once per mesh for
 *     every hypervisor: each plan asks for every remote's, and parsing each IP at each ask was a tenth of a join's
 *     cost at 200 hypervisors. An IP missing here is named when asked.
 */
public record HypervisorSpec(String bridge, String datapathType, Optional<String> controllerTarget,
        Optional<String> localIp, SortedMap<String, Optional<String>> tunnels, Map<String, String> portNames,
        int vxlanPort) {

    public static final int VXLAN_PORT = 4789;

    public HypervisorSpec {
        tunnels = Collections.unmodifiableSortedMap(new TreeMap<>(tunnels));
    }

    /**
     * Whether a plan writes the same for {@code other} as for this spec on a bridge that holds tunnel ports stamped
     * for the VTEPs {@code holdsPortFor} accepts. They may differ only in members without an IP: such a member's
     * ports are kept while it is one and removed once it is not, so its coming and going changes nothing on a
     * bridge without its ports. ({@link #portNames} follows the IPs.)
     */
    boolean plansAlike(HypervisorSpec other, Predicate<String> holdsPortFor) {
        if (!bridge.equals(other.bridge) || !datapathType.equals(other.datapathType)
                || !controllerTarget.equals(other.controllerTarget) || !localIp.equals(other.localIp)
                || vxlanPort != other.vxlanPort) {
            return false;
        }
        Set<String> vteps = new HashSet<>(tunnels.keySet());
        vteps.addAll(other.tunnels.keySet());
        for (String vtep : vteps) {
            Optional<String> was = tunnels.get(vtep);
            Optional<String> is = other.tunnels.get(vtep);
            if (Objects.equals(was, is)) {
                continue;
            }
            boolean addressed = was != null && was.isPresent() || is != null && is.isPresent();
            if (addressed || holdsPortFor.test(vtep)) {
                return false;
            }
        }
        return true;
    }

    /** The name of the tunnel port to {@code remote}. */
    String portName(String remote) {
        String name = portNames.get(remote);
        return name != null ? name : TunnelPortName.of(remote);
    }
}

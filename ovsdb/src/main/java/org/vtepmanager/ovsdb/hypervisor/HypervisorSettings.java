package org.vtepmanager.ovsdb.hypervisor;

import java.time.Duration;
import java.util.Optional;

/**
 * How every hypervisor is set up.
 *
 * @param openflowAddress the manager's OpenFlow address as switches must dial it ({@code IP}); empty means "the
 *     address this OVSDB session reached us on", which is unknown for unix-socket sessions
 * @param openflowGrace how long a bridge may stay unconnected to the manager's OpenFlow controller before that is a
 *     problem of its VTEP ({@link ControllerLink})
 * @param openflowTls whether the manager's OpenFlow listener takes TLS, so that bridges dial it as {@code ssl:}
 *     rather than {@code tcp:}
 */
public record HypervisorSettings(String bridge, String datapathType, int openflowPort,
        Optional<String> openflowAddress, int vxlanPort, Duration minBackoff, Duration maxBackoff,
        Duration openflowGrace, boolean openflowTls) {

    public static HypervisorSettings defaults() {
        return new HypervisorSettings("br-int", "system", 6653, Optional.empty(), HypervisorSpec.VXLAN_PORT,
                Duration.ofSeconds(1), Duration.ofSeconds(30), ControllerLink.DEFAULT_GRACE, false);
    }

    public HypervisorSettings withDatapathType(String type) {
        return new HypervisorSettings(bridge, type, openflowPort, openflowAddress, vxlanPort, minBackoff, maxBackoff,
                openflowGrace, openflowTls);
    }

    public HypervisorSettings withOpenflow(Optional<String> address, int port) {
        return new HypervisorSettings(bridge, datapathType, port, address, vxlanPort, minBackoff, maxBackoff,
                openflowGrace, openflowTls);
    }

    public HypervisorSettings withBridge(String name) {
        return new HypervisorSettings(name, datapathType, openflowPort, openflowAddress, vxlanPort, minBackoff,
                maxBackoff, openflowGrace, openflowTls);
    }

    public HypervisorSettings withBackoff(Duration min, Duration max) {
        return new HypervisorSettings(bridge, datapathType, openflowPort, openflowAddress, vxlanPort, min, max,
                openflowGrace, openflowTls);
    }

    public HypervisorSettings withOpenflowGrace(Duration grace) {
        return new HypervisorSettings(bridge, datapathType, openflowPort, openflowAddress, vxlanPort, minBackoff,
                maxBackoff, grace, openflowTls);
    }

    public HypervisorSettings withOpenflowTls(boolean tls) {
        return new HypervisorSettings(bridge, datapathType, openflowPort, openflowAddress, vxlanPort, minBackoff,
                maxBackoff, openflowGrace, tls);
    }
}

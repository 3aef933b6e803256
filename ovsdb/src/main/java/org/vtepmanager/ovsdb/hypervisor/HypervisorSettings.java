package org.vtepmanager.ovsdb.hypervisor;

import java.time.Duration;
import java.util.Optional;

/**
 * How every hypervisor is set up.
 *
 * @param openflowAddress the manager's OpenFlow address as switches must dial it ({@code IP}); empty means "the
 *     address this OVSDB session reached us on", which is unknown for unix-socket sessions
 */
public record HypervisorSettings(String bridge, String datapathType, int openflowPort,
        Optional<String> openflowAddress, int vxlanPort, Duration minBackoff, Duration maxBackoff) {

    public static HypervisorSettings defaults() {
        return new HypervisorSettings("br-int", "system", 6653, Optional.empty(), HypervisorSpec.VXLAN_PORT,
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public HypervisorSettings withDatapathType(String type) {
        return new HypervisorSettings(bridge, type, openflowPort, openflowAddress, vxlanPort, minBackoff, maxBackoff);
    }

    public HypervisorSettings withOpenflow(Optional<String> address, int port) {
        return new HypervisorSettings(bridge, datapathType, port, address, vxlanPort, minBackoff, maxBackoff);
    }

    public HypervisorSettings withBridge(String name) {
        return new HypervisorSettings(name, datapathType, openflowPort, openflowAddress, vxlanPort, minBackoff,
                maxBackoff);
    }

    public HypervisorSettings withBackoff(Duration min, Duration max) {
        return new HypervisorSettings(bridge, datapathType, openflowPort, openflowAddress, vxlanPort, min, max);
    }
}

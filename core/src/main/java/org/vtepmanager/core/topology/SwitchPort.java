package org.vtepmanager.core.topology;

import java.util.Optional;
import org.vtepmanager.core.MacAddress;

/**
 * A port a VTEP reports on its integration bridge (VMs, patch ports), with its OpenFlow port number (-1 until the
 * switch assigns one) and, for a VM's interface, the MAC and interface id its cloud stamped on it.
 */
public record SwitchPort(String name, long ofport, Optional<MacAddress> mac, Optional<String> ifaceId) {

    public SwitchPort {
        mac = mac == null ? Optional.empty() : mac;
        ifaceId = ifaceId == null ? Optional.empty() : ifaceId;
    }
}

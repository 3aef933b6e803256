package org.vtepmanager.core.topology;

import java.util.Optional;
import java.util.OptionalInt;
import org.vtepmanager.core.MacAddress;

/**
 * A port a VTEP reports on its integration bridge (VMs, patch ports), with its OpenFlow port number (-1 until the
 * switch assigns one), for a VM's interface the MAC and interface id its cloud stamped on it, and the MTU its
 * interface has, when the switch reports one (a patch port has none).
 */
public record SwitchPort(String name, long ofport, Optional<MacAddress> mac, Optional<String> ifaceId,
        OptionalInt mtu) {

    public SwitchPort {
        mac = mac == null ? Optional.empty() : mac;
        ifaceId = ifaceId == null ? Optional.empty() : ifaceId;
        mtu = mtu == null ? OptionalInt.empty() : mtu;
    }

    /** A port with nothing stamped on it and no MTU reported: a ToR's physical port, a patch port. */
    public static SwitchPort plain(String name, long ofport) {
        return new SwitchPort(name, ofport, Optional.empty(), Optional.empty(), OptionalInt.empty());
    }
}

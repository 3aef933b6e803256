package org.vtepmanager.core;

import java.net.InetAddress;

/** The underlay address a VTEP sources VXLAN packets from and receives them on. */
public record TunnelIp(InetAddress address) implements Comparable<TunnelIp> {

    public TunnelIp {
        if (address == null) {
            throw new InvalidValueException("tunnelIp", "is required");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new InvalidValueException("tunnelIp", address.getHostAddress() + " is not a unicast address");
        }
    }

    public static TunnelIp parse(String text) {
        return new TunnelIp(IpLiterals.parse("tunnelIp", text));
    }

    @Override
    public int compareTo(TunnelIp other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}

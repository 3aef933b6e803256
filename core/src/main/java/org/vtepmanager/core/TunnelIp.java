package org.vtepmanager.core;

import java.net.InetAddress;

/** The underlay address a VTEP sources VXLAN packets from and receives them on. */
public record TunnelIp(InetAddress address) implements Comparable<TunnelIp> {

    public TunnelIp {
        requireUnicast("tunnelIp", address);
    }

    public static TunnelIp parse(String text) {
        return parse("tunnelIp", text);
    }

    /** As {@link #parse(String)}, with errors naming {@code field} (e.g. an element of a list). */
    public static TunnelIp parse(String field, String text) {
        InetAddress address = IpLiterals.parse(field, text);
        requireUnicast(field, address);
        return new TunnelIp(address);
    }

    private static void requireUnicast(String field, InetAddress address) {
        if (address == null) {
            throw new InvalidValueException(field, "is required");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new InvalidValueException(field, address.getHostAddress() + " is not a unicast address");
        }
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

package org.vtepmanager.core;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * The underlay address a VTEP sources VXLAN packets from and receives them on: a unicast address other VTEPs can
 * reach, so neither unspecified, multicast, loopback nor the limited broadcast address.
 */
public record TunnelIp(InetAddress address) implements Comparable<TunnelIp> {

    public static final int VXLAN_OVERHEAD_IPV4 = 50;
    public static final int VXLAN_OVERHEAD_IPV6 = 70;

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
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || isLimitedBroadcast(address)) {
            throw new InvalidValueException(field, address.getHostAddress() + " is not a unicast address");
        }
        if (address.isLoopbackAddress()) {
            throw new InvalidValueException(field, address.getHostAddress()
                    + " is a loopback address, which no other VTEP can reach");
        }
    }

    private static boolean isLimitedBroadcast(InetAddress address) {
        byte[] all = new byte[4];
        Arrays.fill(all, (byte) 0xff);
        return address instanceof Inet4Address && Arrays.equals(address.getAddress(), all);
    }

    /**
     * The bytes VXLAN adds to a frame tunnelled from this address: outer Ethernet 14, IP (20 for IPv4, 40 for IPv6),
     * UDP 8 and VXLAN 8.
     */
    public int vxlanOverhead() {
        return address instanceof Inet4Address ? VXLAN_OVERHEAD_IPV4 : VXLAN_OVERHEAD_IPV6;
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

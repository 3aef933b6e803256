package org.vtepmanager.core.topology;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The port name of the tunnel to a remote VTEP, derived from its IP alone so that it is the same on every
 * hypervisor and across restarts: the OVSDB side names ports with it, the OpenFlow side finds them by it.
 * {@code vx} + the IPv4 address in hex ({@code vxac1e0a0b}), or for IPv6 the first 6 bytes of its SHA-256; always
 * within the kernel's 15-character limit.
 */
public final class TunnelPortName {

    private TunnelPortName() {
    }

    public static String of(String remoteIp) {
        byte[] address = parse(remoteIp).getAddress();
        if (address.length == 4) {
            return "vx" + HexFormat.of().formatHex(address);
        }
        return "vx" + HexFormat.of().formatHex(sha256(address), 0, 6);
    }

    private static InetAddress parse(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("tunnel remote '" + ip + "' is not an IP address", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

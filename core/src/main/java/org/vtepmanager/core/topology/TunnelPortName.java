package org.vtepmanager.core.topology;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.vtepmanager.core.IpLiterals;

/**
 * The port name of the tunnel to a remote VTEP, derived from its IP alone so that it is the same on every
 * hypervisor and across restarts: the OVSDB side names ports with it, the OpenFlow side finds them by it.
 * {@code vx} + the IPv4 address in hex ({@code vxac1e0a0b}), or for IPv6 the first 6 bytes of its SHA-256; always
 * within the kernel's 15-character limit.
 */
public final class TunnelPortName {

    private TunnelPortName() {
    }

    /** @throws org.vtepmanager.core.InvalidValueException when {@code remoteIp} is not an IP literal (no lookup) */
    public static String of(String remoteIp) {
        byte[] address = IpLiterals.parse("remoteIp", remoteIp).getAddress();
        if (address.length == 4) {
            return "vx" + HexFormat.of().formatHex(address);
        }
        return "vx" + HexFormat.of().formatHex(sha256(address), 0, 6);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

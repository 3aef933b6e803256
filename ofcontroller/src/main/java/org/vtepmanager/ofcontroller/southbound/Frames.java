package org.vtepmanager.ofcontroller.southbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.vtepmanager.core.MacAddress;

/**
 * The few frame fields the controller reads from a packet-in, and the ARP reply it builds. openflowj has no
 * packet library, and these are fixed offsets of untagged Ethernet II (the classifier pops VLAN tags before a
 * frame reaches the controller), so a parser of our own is a dozen lines rather than a dependency.
 */
final class Frames {

    static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETH_HEADER = 14;
    private static final int ARP_LENGTH = 28;
    private static final int ARP_REQUEST = 1;
    private static final int ARP_REPLY = 2;

    private Frames() {
    }

    static Optional<MacAddress> source(byte[] frame) {
        return frame.length < ETH_HEADER ? Optional.empty() : Optional.of(mac(frame, 6));
    }

    /** An IPv4-over-Ethernet ARP request or reply: who sent it, claiming which IP, and for which IP. */
    record Arp(boolean request, MacAddress senderMac, InetAddress senderIp, InetAddress targetIp) {
    }

    /** The ARP request or reply in {@code frame}; other opcodes (RARP, InARP) and other protocols are not read. */
    static Optional<Arp> arp(byte[] frame) {
        if (frame.length < ETH_HEADER + ARP_LENGTH || ethertype(frame) != ETHERTYPE_ARP) {
            return Optional.empty();
        }
        ByteBuffer arp = ByteBuffer.wrap(frame, ETH_HEADER, ARP_LENGTH);
        boolean ipv4OverEthernet = arp.getShort() == 1 && arp.getShort() == 0x0800 && arp.get() == 6 && arp.get() == 4;
        short op = arp.getShort();
        if (!ipv4OverEthernet || (op != ARP_REQUEST && op != ARP_REPLY)) {
            return Optional.empty();
        }
        return Optional.of(new Arp(op == ARP_REQUEST, mac(frame, ETH_HEADER + 8), ip(frame, ETH_HEADER + 14),
                ip(frame, ETH_HEADER + 24)));
    }

    /** The reply {@code owner} (at {@code request.targetIp}) would send. */
    static byte[] arpReply(Arp request, MacAddress owner) {
        ByteBuffer reply = ByteBuffer.allocate(ETH_HEADER + ARP_LENGTH);
        reply.put(bytes(request.senderMac())).put(bytes(owner)).putShort((short) ETHERTYPE_ARP);
        reply.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) ARP_REPLY);
        reply.put(bytes(owner)).put(request.targetIp().getAddress());
        reply.put(bytes(request.senderMac())).put(request.senderIp().getAddress());
        return reply.array();
    }

    private static int ethertype(byte[] frame) {
        return ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
    }

    private static MacAddress mac(byte[] frame, int offset) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = (bits << 8) | (frame[offset + i] & 0xff);
        }
        return new MacAddress(bits);
    }

    private static byte[] bytes(MacAddress mac) {
        byte[] out = new byte[6];
        long bits = mac.bits();
        for (int i = 5; i >= 0; i--) {
            out[i] = (byte) bits;
            bits >>>= 8;
        }
        return out;
    }

    private static InetAddress ip(byte[] frame, int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {frame[offset], frame[offset + 1], frame[offset + 2],
                frame[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}

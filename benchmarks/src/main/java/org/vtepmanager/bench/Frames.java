package org.vtepmanager.bench;

import java.nio.ByteBuffer;

/** The frames packet-ins carry: minimal Ethernet frames with a chosen source and destination. */
final class Frames {

    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** An experimental EtherType: neither controller interprets the payload. */
    private static final short ETHER_TYPE = (short) 0x88B5;
    /** The smallest Ethernet frame without FCS. */
    private static final int LENGTH = 60;

    private Frames() {
    }

    static byte[] ethernet(long destination, long source) {
        ByteBuffer frame = ByteBuffer.allocate(LENGTH);
        putMac(frame, destination);
        putMac(frame, source);
        frame.putShort(ETHER_TYPE);
        return frame.array();
    }

    private static void putMac(ByteBuffer frame, long mac) {
        frame.putShort((short) (mac >>> 32)).putInt((int) mac);
    }
}

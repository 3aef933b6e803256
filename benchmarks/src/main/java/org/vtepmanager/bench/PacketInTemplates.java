package org.vtepmanager.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.HashMap;
import java.util.Map;

/**
 * Packet-ins as bytes, encoded once per (switch, port) by openflowj and then copied with the new source MAC written
 * into the frame. The generator must cost less than what it measures: building and encoding an openflowj message
 * per packet-in made it the slower side against ovs-testcontroller. An OpenFlow 1.3 packet-in ends with the frame
 * (its last {@code total_len} bytes), and the frame's source MAC is at bytes 6..11 of it.
 */
final class PacketInTemplates {

    private static final int TOTAL_LEN_OFFSET = 12;
    private static final int SOURCE_MAC_OFFSET = 6;

    private final PacketInTarget target;
    private final Map<Long, byte[]> templates = new HashMap<>();

    PacketInTemplates(PacketInTarget target) {
        this.target = target;
    }

    ByteBuf packetIn(ByteBufAllocator alloc, int sw, int port, long sourceMac) {
        byte[] template = templates.computeIfAbsent(((long) sw << 32) | port, key -> encode(sw, port));
        ByteBuf out = alloc.buffer(template.length).writeBytes(template);
        int frameStart = template.length - out.getUnsignedShort(TOTAL_LEN_OFFSET);
        out.setShort(frameStart + SOURCE_MAC_OFFSET, (int) (sourceMac >>> 32));
        out.setInt(frameStart + SOURCE_MAC_OFFSET + 2, (int) sourceMac);
        return out;
    }

    private byte[] encode(int sw, int port) {
        ByteBuf buf = Unpooled.buffer();
        target.packetIn(sw, port, 0).writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}

package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The wire bytes of a message that several switches are sent, encoded once per IO thread. A learn in a network of N
 * switches sends one and the same flow-mod object to every switch that reaches the MAC's VTEP through the same
 * tunnel port number (the pipeline builds each distinct entry once per pass), and encoding it anew for each of them
 * was about a quarter of the IO thread at 16 switches in one network (BENCHMARKS.md, "A flow-mod encoded once").
 * openflowj messages are immutable, so an object's bytes stay right for as long as it lives; only the xid differs
 * per switch, and it is written into each copy.
 *
 * <p>Direct-mapped by identity, so a lookup costs one slot and a collision only replaces it. A message is first
 * only remembered and its bytes are kept from its second encoding on: one that goes to a single switch (a local
 * MAC's entries, anything of a network per switch) costs a slot, not a copy. Confined to its IO thread.
 */
final class SharedEncodings {

    private static final int SLOTS = 4096;
    /** The header is version (1 byte), type (1), length (2), then the xid (4). */
    private static final int XID_OFFSET = 4;
    private static final FastThreadLocal<SharedEncodings> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected SharedEncodings initialValue() {
            return new SharedEncodings(SLOTS);
        }
    };

    private final OFMessage[] messages;
    private final byte[][] bytes;
    private final int mask;

    /** {@code slots}: a power of two. */
    SharedEncodings(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.messages = new OFMessage[slots];
        this.bytes = new byte[slots][];
        this.mask = slots - 1;
    }

    /** The calling IO thread's own. */
    static SharedEncodings ofThisThread() {
        return PER_THREAD.get();
    }

    /** {@code message} as it goes on the wire, with {@code xid} in its header. */
    void write(OFMessage message, long xid, ByteBuf out) {
        int start = out.writerIndex();
        int slot = System.identityHashCode(message) & mask;
        if (messages[slot] != message) {
            message.writeTo(out);
            messages[slot] = message;
            bytes[slot] = null;
        } else if (bytes[slot] != null) {
            out.writeBytes(bytes[slot]);
        } else {
            message.writeTo(out);
            bytes[slot] = ByteBufUtil.getBytes(out, start, out.writerIndex() - start);
        }
        out.setInt(start + XID_OFFSET, (int) xid);
    }
}

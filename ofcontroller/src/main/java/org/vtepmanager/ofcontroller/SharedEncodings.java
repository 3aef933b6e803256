package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The wire bytes of messages that one round of programming sends to several switches, so that each is encoded
 * once. A learn in a network of N switches sends one and the same flow-mod object to every switch that reaches the
 * MAC's VTEP through the same tunnel port number (the pipeline builds each distinct entry once per pass). Encoding
 * it anew for each of them was more than half of the IO thread at 16 switches in one network, openflowj's match
 * writer alone a quarter (BENCHMARKS.md, "A flow-mod encoded once"). openflowj messages are immutable, so an
 * object's bytes stay right while it lives; only the xid differs per switch, and it is written into each copy.
 *
 * <p>Direct-mapped by identity, sized by the caller for one round, and dropped with it: a collision only costs an
 * encoding, and nothing outlives the round. Every message's bytes are kept from its first encoding: on real Open
 * vSwitch a mesh of ten hypervisors numbered the tunnel to one VTEP in two or three ways, so a flow object often
 * goes to only two or three switches, and keeping a copy of ~100 bytes costs far less than an encoding. Safe for
 * several IO threads at once: a slot holds an immutable entry, so a thread sees a whole one or an older one, and
 * a race only costs an encoding.
 */
public final class SharedEncodings {

    /** Nothing shared: every message is encoded where it is written. */
    public static final SharedEncodings NONE = new SharedEncodings(new Entry[0]);

    private static final int MIN_SLOTS = 16;
    private static final int MAX_SLOTS = 1 << 20;

    private record Entry(OFMessage message, byte[] bytes) {
    }

    private final Entry[] slots;

    /** For a round that sends about this many distinct messages in all. */
    public SharedEncodings(int expectedMessages) {
        this(new Entry[slotsFor(expectedMessages)]);
    }

    private SharedEncodings(Entry[] slots) {
        this.slots = slots;
    }

    /** Exactly {@code slots} slots, a power of two: for tests of collisions. */
    static SharedEncodings withSlots(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        return new SharedEncodings(new Entry[slots]);
    }

    /** Twice the messages expected, so that most have a slot of their own. */
    private static int slotsFor(int expectedMessages) {
        int wanted = (int) Math.min(MAX_SLOTS, Math.max(MIN_SLOTS, 2L * expectedMessages));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /** {@code message} as it goes on the wire, with {@code xid} in its header. */
    void write(OFMessage message, long xid, ByteBuf out) {
        if (slots.length == 0) {
            OfMessageEncoder.write(message, xid, out);
            return;
        }
        int start = out.writerIndex();
        int slot = System.identityHashCode(message) & (slots.length - 1);
        Entry entry = slots[slot];
        if (entry != null && entry.message() == message) {
            out.writeBytes(entry.bytes());
            OfMessageEncoder.writeXid(out, start, xid);
        } else {
            // Kept with this session's xid; every copy has its own written over it.
            OfMessageEncoder.write(message, xid, out);
            slots[slot] = new Entry(message, ByteBufUtil.getBytes(out, start, out.writerIndex() - start));
        }
    }
}

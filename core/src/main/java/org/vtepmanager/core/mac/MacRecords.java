package org.vtepmanager.core.mac;

import java.util.Arrays;

/**
 * Fixed-size records keyed by a MAC, packed in one array of longs: an open-addressing hash table (linear probing,
 * backward-shift deletion, {@link LinearProbing}) whose slot i is the record of words {@code stride × i} onwards.
 * Word 0 of a record holds its MAC (48 bits), up to 15 bits of flags for its owner, and a bit that marks the slot
 * held, so an empty slot is a zero word and any MAC, 0 included, can be a key.
 *
 * <p>Why one array, not one per field: a record's words share a cache line or two, and a large table is one array
 * large enough to be "humongous" in G1 (half a region or more), born old and never copied by young collections; at
 * 64 switches with a network each, per-field arrays stayed below that size and were copied until tenured, and
 * again each time a table grew. The array's length comes from {@link ArrayCapacity}. Not thread-safe.
 */
final class MacRecords {

    static final int NONE = -1;
    static final long MAC_BITS = 0xFFFF_FFFF_FFFFL;
    static final int MAX_FLAGS = 0x7FFF;
    private static final int FLAGS_SHIFT = 48;
    private static final long HELD = 1L << 63;

    private final int stride;
    private long[] words = new long[ArrayCapacity.INITIAL];
    /** {@code words.length / stride}, kept: a probe asks for it at every step. */
    private int slots;
    private int size;

    /** Records of {@code stride} words, the key word included. */
    MacRecords(int stride) {
        if (stride < 1 || stride > ArrayCapacity.INITIAL) {
            throw new IllegalArgumentException("stride: " + stride + " words is not between 1 and "
                    + ArrayCapacity.INITIAL);
        }
        this.stride = stride;
        this.slots = words.length / stride;
    }

    int size() {
        return size;
    }

    /** Slots in the table, held or not: records are numbered 0 to slots − 1. */
    int slots() {
        return slots;
    }

    boolean held(int record) {
        return words[stride * record] != 0;
    }

    long mac(int record) {
        return words[stride * record] & MAC_BITS;
    }

    int flags(int record) {
        return (int) (words[stride * record] >>> FLAGS_SHIFT) & MAX_FLAGS;
    }

    void setFlags(int record, int flags) {
        if (flags < 0 || flags > MAX_FLAGS) {
            throw new IllegalArgumentException("flags: " + flags + " does not fit 15 bits");
        }
        words[stride * record] = HELD | (long) flags << FLAGS_SHIFT | mac(record);
    }

    /** Word {@code word} (1 to stride − 1) of a held record. */
    long get(int record, int word) {
        return words[stride * record + word];
    }

    void set(int record, int word, long value) {
        words[stride * record + word] = value;
    }

    /** The record of {@code mac}, or {@link #NONE}. */
    int find(long mac) {
        for (int slot = home(mac); held(slot); slot = next(slot)) {
            if (mac(slot) == mac) {
                return slot;
            }
        }
        return NONE;
    }

    /**
     * Adds a record for {@code mac}, which must be absent, with no flags and every other word 0. It may grow the
     * table, which renumbers every record: numbers found before a claim are stale after it.
     */
    int claim(long mac) {
        if ((mac & ~MAC_BITS) != 0) {
            throw new IllegalArgumentException("mac: " + Long.toHexString(mac) + " is wider than 48 bits");
        }
        if (size + 1 > slots / 4 * 3) {
            rehash(ArrayCapacity.grown(words.length));
        }
        int slot = home(mac);
        while (held(slot)) {
            slot = next(slot);
        }
        words[stride * slot] = HELD | mac;
        Arrays.fill(words, stride * slot + 1, stride * (slot + 1), 0);
        size++;
        return slot;
    }

    /** Removes a held record; another record may move into its slot, renumbering it. */
    void remove(int record) {
        size--;
        int hole = record;
        for (int next = next(hole); held(next); next = next(next)) {
            if (LinearProbing.mayFill(hole, home(mac(next)), next, slots)) {
                System.arraycopy(words, stride * next, words, stride * hole, stride);
                hole = next;
            }
        }
        words[stride * hole] = 0;
    }

    /** The array's length, for tests of its sizing. */
    int length() {
        return words.length;
    }

    private void rehash(int length) {
        long[] old = words;
        words = new long[length];
        slots = length / stride;
        for (int from = 0; from + stride <= old.length; from += stride) {
            if (old[from] != 0) {
                int slot = home(old[from] & MAC_BITS);
                while (held(slot)) {
                    slot = next(slot);
                }
                System.arraycopy(old, from, words, stride * slot, stride);
            }
        }
    }

    private int home(long mac) {
        return LinearProbing.home(mac, slots);
    }

    private int next(int slot) {
        return LinearProbing.next(slot, slots);
    }
}

package org.vtepmanager.ofcontroller.pipeline;

import java.util.function.LongUnaryOperator;
import org.vtepmanager.core.mac.ArrayCapacity;
import org.vtepmanager.core.mac.LinearProbing;

/**
 * Where each MAC's entries are in a {@link MacFlowTable}: an open-addressing hash table (linear probing,
 * backward-shift deletion, {@link LinearProbing} as core's MAC tables) from a MAC's slot (its MAC and VNI as one
 * long) to its head, a nonzero long that the table makes of the index of the MAC's first entry or, for a MAC with
 * one entry of the commonest kind, of the entry itself.
 *
 * <p>Why not fastutil's {@code Long2IntOpenHashMap}, which this replaced: it keeps keys and values in two arrays, so
 * adding a MAC touched two cache lines at random, and every learn adds its MAC to the model of every switch of its
 * network, in tables far larger than the caches. Here a key and its head sit side by side in one array, one line
 * for both. The array's length is sized by {@link ArrayCapacity}, so it fills G1's regions without spilling into one
 * more (fastutil's are a power of two plus one). Confined to its table's thread.
 */
final class MacChainIndex {

    /** What {@link #get} gives for a key not held; never a head. */
    static final long ABSENT = 0;

    /** A key and its head, as {@link #forEach} hands them out. */
    @FunctionalInterface
    interface HeadConsumer {
        void accept(long key, long head);
    }

    /** A cell pair is (key, head); a head of {@link #ABSENT} marks a free slot, so any key can be held. */
    private long[] cells = new long[ArrayCapacity.INITIAL];
    private int size;

    int size() {
        return size;
    }

    /** The head of {@code key}, or {@link #ABSENT}. */
    long get(long key) {
        int slot = find(key);
        return slot < 0 ? ABSENT : cells[2 * slot + 1];
    }

    /**
     * The head of each of {@code keys}, or {@link #ABSENT}, into {@code heads}. A loop that does nothing else: a
     * switch's index is far larger than the caches, so each lookup of a MAC new to it waits on memory, and the
     * processor runs ahead into the next keys' lookups only while the loop body between them is short.
     */
    void getAll(long[] keys, long[] heads) {
        for (int i = 0; i < keys.length; i++) {
            heads[i] = get(keys[i]);
        }
    }

    /** Adds {@code key} with {@code head} unless it is held; returns the head held before, or {@link #ABSENT}. */
    long putIfAbsent(long key, long head) {
        requireHead(head);
        if (size + 1 > slots() / 4 * 3) {
            rehash(ArrayCapacity.grown(cells.length));
        }
        int slot = home(key);
        for (; cells[2 * slot + 1] != ABSENT; slot = next(slot)) {
            if (cells[2 * slot] == key) {
                return cells[2 * slot + 1];
            }
        }
        cells[2 * slot] = key;
        cells[2 * slot + 1] = head;
        size++;
        return ABSENT;
    }

    /** {@code key}'s head is {@code head} from now on; {@code key} must be held. */
    void replace(long key, long head) {
        requireHead(head);
        int slot = find(key);
        if (slot < 0) {
            throw new IllegalStateException("no head for slot " + Long.toHexString(key));
        }
        cells[2 * slot + 1] = head;
    }

    void remove(long key) {
        int hole = find(key);
        if (hole < 0) {
            return;
        }
        for (int slot = next(hole); cells[2 * slot + 1] != ABSENT; slot = next(slot)) {
            if (LinearProbing.mayFill(hole, home(cells[2 * slot]), slot, slots())) {
                cells[2 * hole] = cells[2 * slot];
                cells[2 * hole + 1] = cells[2 * slot + 1];
                hole = slot;
            }
        }
        cells[2 * hole] = 0;
        cells[2 * hole + 1] = ABSENT;
        size--;
        if (cells.length > ArrayCapacity.INITIAL && size < slots() / 8) {
            rehash(ArrayCapacity.halved(cells.length));
        }
    }

    void forEach(HeadConsumer action) {
        for (int slot = 0; slot < slots(); slot++) {
            if (cells[2 * slot + 1] != ABSENT) {
                action.accept(cells[2 * slot], cells[2 * slot + 1]);
            }
        }
    }

    /** Sets every head to what {@code update} makes of it (entries moved while compacting). */
    void updateHeads(LongUnaryOperator update) {
        for (int slot = 0; slot < slots(); slot++) {
            if (cells[2 * slot + 1] != ABSENT) {
                long head = update.applyAsLong(cells[2 * slot + 1]);
                requireHead(head);
                cells[2 * slot + 1] = head;
            }
        }
    }

    /** The length of the one array, for tests of its sizing. */
    int cellCount() {
        return cells.length;
    }

    private int find(long key) {
        for (int slot = home(key); cells[2 * slot + 1] != ABSENT; slot = next(slot)) {
            if (cells[2 * slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    private static void requireHead(long head) {
        if (head == ABSENT) {
            throw new IllegalArgumentException("a head is never " + ABSENT);
        }
    }

    private int slots() {
        return cells.length / 2;
    }

    private int home(long key) {
        return LinearProbing.home(key, slots());
    }

    private int next(int slot) {
        return LinearProbing.next(slot, slots());
    }

    private void rehash(int length) {
        long[] old = cells;
        cells = new long[length];
        for (int slot = 0; slot < old.length / 2; slot++) {
            if (old[2 * slot + 1] != ABSENT) {
                int to = home(old[2 * slot]);
                while (cells[2 * to + 1] != ABSENT) {
                    to = next(to);
                }
                cells[2 * to] = old[2 * slot];
                cells[2 * to + 1] = old[2 * slot + 1];
            }
        }
    }
}

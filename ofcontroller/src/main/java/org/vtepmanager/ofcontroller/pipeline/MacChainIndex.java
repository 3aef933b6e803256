package org.vtepmanager.ofcontroller.pipeline;

import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;
import org.vtepmanager.core.mac.ArrayCapacity;
import org.vtepmanager.core.mac.LinearProbing;

/**
 * Where each MAC's chain of entries starts in a {@link MacFlowTable}: an open-addressing hash table (linear probing,
 * backward-shift deletion, {@link LinearProbing} as core's MAC tables) from a MAC's slot (its MAC and VNI as one
 * long) to the index of its first entry.
 *
 * <p>Why not fastutil's {@code Long2IntOpenHashMap}, which this replaced: it keeps keys and values in two arrays, so
 * adding a MAC touched two cache lines at random, and every learn adds its MAC to the model of every switch of its
 * network, in tables far larger than the caches. Here a key and its value sit side by side in one array, one line
 * for both. The array's length is sized by {@link ArrayCapacity}, so it fills G1's regions without spilling into one
 * more (fastutil's are a power of two plus one). Confined to its table's thread.
 */
final class MacChainIndex {

    static final int NONE = -1;
    /** A cell pair is (key, first entry + 1); a second cell of 0 marks a free slot, so any key can be held. */
    private static final long FREE = 0;

    private long[] cells = new long[ArrayCapacity.INITIAL];
    private int size;

    int size() {
        return size;
    }

    /** The first entry of {@code key}'s chain, or {@link #NONE}. */
    int get(long key) {
        int slot = find(key);
        return slot < 0 ? NONE : first(slot);
    }

    /**
     * The first entry of each of {@code keys}' chains, or {@link #NONE}, into {@code firsts}. A loop that does nothing
     * else: a switch's index is far larger than the caches, so each lookup of a MAC new to it waits on memory, and
     * the processor runs ahead into the next keys' lookups only while the loop body between them is short.
     */
    void getAll(long[] keys, int[] firsts) {
        for (int i = 0; i < keys.length; i++) {
            firsts[i] = get(keys[i]);
        }
    }

    /** Adds {@code key} with {@code first} unless it is held; returns the first entry held before, or {@link #NONE}. */
    int putIfAbsent(long key, int first) {
        if (size + 1 > slots() / 4 * 3) {
            rehash(ArrayCapacity.grown(cells.length));
        }
        int slot = home(key);
        for (; cells[2 * slot + 1] != FREE; slot = next(slot)) {
            if (cells[2 * slot] == key) {
                return first(slot);
            }
        }
        cells[2 * slot] = key;
        cells[2 * slot + 1] = first + 1L;
        size++;
        return NONE;
    }

    /** {@code key}'s chain starts at {@code first} from now on; {@code key} must be held. */
    void replace(long key, int first) {
        int slot = find(key);
        if (slot < 0) {
            throw new IllegalStateException("no chain for slot " + Long.toHexString(key));
        }
        cells[2 * slot + 1] = first + 1L;
    }

    void remove(long key) {
        int hole = find(key);
        if (hole < 0) {
            return;
        }
        for (int slot = next(hole); cells[2 * slot + 1] != FREE; slot = next(slot)) {
            if (LinearProbing.mayFill(hole, home(cells[2 * slot]), slot, slots())) {
                cells[2 * hole] = cells[2 * slot];
                cells[2 * hole + 1] = cells[2 * slot + 1];
                hole = slot;
            }
        }
        cells[2 * hole] = 0;
        cells[2 * hole + 1] = FREE;
        size--;
        if (cells.length > ArrayCapacity.INITIAL && size < slots() / 8) {
            rehash(ArrayCapacity.halved(cells.length));
        }
    }

    void forEachFirst(IntConsumer action) {
        for (int slot = 0; slot < slots(); slot++) {
            if (cells[2 * slot + 1] != FREE) {
                action.accept(first(slot));
            }
        }
    }

    /** Sets every chain's first entry to what {@code update} makes of it (entries moved while compacting). */
    void updateFirsts(IntUnaryOperator update) {
        for (int slot = 0; slot < slots(); slot++) {
            if (cells[2 * slot + 1] != FREE) {
                cells[2 * slot + 1] = update.applyAsInt(first(slot)) + 1L;
            }
        }
    }

    /** The length of the one array, for tests of its sizing. */
    int cellCount() {
        return cells.length;
    }

    private int find(long key) {
        for (int slot = home(key); cells[2 * slot + 1] != FREE; slot = next(slot)) {
            if (cells[2 * slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    private int first(int slot) {
        return (int) (cells[2 * slot + 1] - 1);
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
            if (old[2 * slot + 1] != FREE) {
                int to = home(old[2 * slot]);
                while (cells[2 * to + 1] != FREE) {
                    to = next(to);
                }
                cells[2 * to] = old[2 * slot];
                cells[2 * to + 1] = old[2 * slot + 1];
            }
        }
    }
}

package org.vtepmanager.core.mac;

/**
 * Slot arithmetic of the open-addressing tables keyed by a MAC as a long (core's {@link MacTable}, each switch's
 * index of MAC entries in the OpenFlow controller): linear probing over a slot count that is not a power of two
 * ({@link ArrayCapacity}), so slots wrap at the count instead of being masked.
 */
public final class LinearProbing {

    /** Fibonacci hashing: MACs of one vendor share their upper bits, so the multiply spreads the low ones. */
    private static final long SPREAD = 0x9E37_79B9_7F4A_7C15L;

    private LinearProbing() {
    }

    /** The key's first slot: the hash's upper 32 bits scaled to {@code slots}. */
    public static int home(long key, int slots) {
        return (int) ((((key * SPREAD) >>> 32) * slots) >>> 32);
    }

    public static int next(int slot, int slots) {
        return slot + 1 == slots ? 0 : slot + 1;
    }

    /** How many steps a probe takes from {@code from} to {@code to}, wrapping around the end. */
    public static int distance(int from, int to, int slots) {
        int steps = to - from;
        return steps < 0 ? steps + slots : steps;
    }

    /**
     * Backward-shift deletion: whether the key at {@code slot}, whose home is {@code home}, may move back into the
     * {@code hole} left by a removed key, which it may only if the hole lies between its home and where it sits.
     */
    public static boolean mayFill(int hole, int home, int slot, int slots) {
        return distance(home, slot, slots) >= distance(hole, slot, slots);
    }
}

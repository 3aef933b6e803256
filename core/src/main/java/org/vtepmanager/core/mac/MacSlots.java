package org.vtepmanager.core.mac;

/** The parallel arrays behind {@link MacTable}: slot i of every array describes one entry. */
final class MacSlots {

    /** An array's header (mark word, class pointer, length). */
    private static final int ARRAY_HEADER = 16;
    /**
     * Capacities are a power of two less {@link #ARRAY_HEADER} slots, so that every array, header included, takes a
     * power of two bytes at most: a large array is a "humongous" object in G1 and takes whole heap regions (each a
     * power of two bytes), and with power-of-two capacities each array's header spilled into one more region.
     */
    static final int INITIAL_CAPACITY = 64 - ARRAY_HEADER;

    /** The next capacity up from {@code capacity}: about twice as many slots. */
    static int doubled(int capacity) {
        return (capacity + ARRAY_HEADER) * 2 - ARRAY_HEADER;
    }

    final long[] macs;
    /** 0 marks an empty slot; otherwise an id from the table's {@link LocationPool}. */
    final int[] locationIds;
    /** {@link MacSource} ordinals. */
    final byte[] sources;
    final long[] lastSeen;
    /** Moves since {@link #windowStart}, for flap damping. */
    final int[] recentMoves;
    final long[] windowStart;
    final long[] dampedUntil;
    final int[] totalMoves;

    MacSlots(int capacity) {
        macs = new long[capacity];
        locationIds = new int[capacity];
        sources = new byte[capacity];
        lastSeen = new long[capacity];
        recentMoves = new int[capacity];
        windowStart = new long[capacity];
        dampedUntil = new long[capacity];
        totalMoves = new int[capacity];
    }

    void copy(int from, MacSlots target, int to) {
        target.macs[to] = macs[from];
        target.locationIds[to] = locationIds[from];
        target.sources[to] = sources[from];
        target.lastSeen[to] = lastSeen[from];
        target.recentMoves[to] = recentMoves[from];
        target.windowStart[to] = windowStart[from];
        target.dampedUntil[to] = dampedUntil[from];
        target.totalMoves[to] = totalMoves[from];
    }
}

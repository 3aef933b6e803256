package org.vtepmanager.core.mac;

/** The parallel arrays behind {@link MacTable}: slot i of every array describes one entry. */
final class MacSlots {

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

package org.vtepmanager.core.mac;

/**
 * Capacities for the primitive arrays of large MAC tables (core's {@link MacTable}, each switch's model in the
 * OpenFlow controller): a power of two less 16 entries (an array's header), so that every array, header included,
 * takes a power of two bytes at most. A large array is a "humongous" object in G1 and takes whole heap regions (each
 * a power of two bytes); with power-of-two capacities each array's header spilled into one more region, and the
 * packet-in benchmark's heap in use was about 1.7 times its live objects. The price: the stage of half a region lies
 * just below the size above which G1 allocates an array humongous (born old), so arrays up to that stage are young,
 * and the young collector copies them while they survive (BENCHMARKS.md, "A network's MAC table in one array").
 */
public final class ArrayCapacity {

    /** An array's header: mark word, compressed class pointer, length. */
    private static final int ARRAY_HEADER = 16;
    public static final int INITIAL = 64 - ARRAY_HEADER;

    private ArrayCapacity() {
    }

    /** The next capacity up: about twice as many entries. */
    public static int grown(int capacity) {
        return (capacity + ARRAY_HEADER) * 2 - ARRAY_HEADER;
    }

    /** The next capacity down: about half as many entries, never below {@link #INITIAL}. */
    public static int halved(int capacity) {
        return Math.max(INITIAL, (capacity + ARRAY_HEADER) / 2 - ARRAY_HEADER);
    }
}

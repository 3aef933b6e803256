package org.vtepmanager.core.mac;

/**
 * Two ints in one long, for the packed tables ({@link MacRecords}, each switch's model in the OpenFlow controller),
 * whose records are longs: the low int unsigned in bits 0–31, so a negative one reads back unchanged.
 */
public final class IntPair {

    private IntPair() {
    }

    public static long of(int low, int high) {
        return Integer.toUnsignedLong(low) | (long) high << 32;
    }

    public static int low(long pair) {
        return (int) pair;
    }

    public static int high(long pair) {
        return (int) (pair >>> 32);
    }
}

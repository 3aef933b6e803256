package org.vtepmanager.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; percentiles by nearest rank. */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    /** Heap the samples take, to leave out of what the controller beside them holds. */
    long heapBytes() {
        return 16 + 8L * samples.length;
    }

    int size() {
        return size;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in microseconds; NaN without samples. */
    double percentileMicros(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * size);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }
}

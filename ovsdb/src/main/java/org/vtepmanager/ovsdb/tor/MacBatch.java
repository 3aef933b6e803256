package org.vtepmanager.ovsdb.tor;

import java.time.Duration;

/**
 * How many Ucast_Macs_Remote rows one transaction to a ToR may change. A switch's ovsdb-server commits a
 * transaction in one step and answers nothing else meanwhile, not even an inactivity probe, so one transaction must
 * not outlast the probe; yet each pass also re-reads every remote MAC of the ToR, so a batch much smaller than the
 * ToR can take makes catching up with a burst of learned MACs slow. Open vSwitch's ovsdb-server inserts about
 * 10,000 rows a second on these machines, a hardware ToR's own may be far slower, so the size follows how long the
 * ToR takes: it starts small, doubles while a full batch is answered within half of {@link #TARGET}, and shrinks in
 * proportion when a transaction (committed or not) took longer than that. The time runs until the answer is
 * handled on the events thread, so a manager busy elsewhere shrinks the batch too, which errs on the safe side.
 * Confined to the events executor; one per ToR, kept across its sessions, so a ToR that a batch made drop its
 * session is given a smaller one when it is back.
 */
final class MacBatch {

    /** A fifth of the default inactivity probe interval: room for a ToR that slows down while it commits. */
    static final Duration TARGET = Duration.ofSeconds(1);
    static final int FIRST = 500;
    static final int MIN = 100;
    static final int MAX = 20_000;

    private int size = FIRST;

    int size() {
        return size;
    }

    /**
     * A transaction that changed {@code macChanges} remote MAC rows was answered after {@code took}; a failure
     * counts too, as the one that outlasted the probe is one.
     */
    void answered(int macChanges, Duration took, boolean committed) {
        if (took.compareTo(TARGET) > 0) {
            long scaled = size * TARGET.toNanos() / Math.max(1, took.toNanos());
            size = (int) Math.max(MIN, scaled);
        } else if (committed && macChanges >= size && took.multipliedBy(2).compareTo(TARGET) < 0) {
            size = Math.min(MAX, size * 2);
        }
    }
}

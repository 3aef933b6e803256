package org.vtepmanager.ovsdb.session;

import java.time.Duration;

/** Capped exponential reconnection delay: min, 2×min, 4×min … max; reset once a session is established. */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
        this.next = min;
    }

    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    public void reset() {
        next = min;
    }
}

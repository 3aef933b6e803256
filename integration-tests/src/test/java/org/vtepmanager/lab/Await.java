package org.vtepmanager.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a real system until a condition holds: tests wait on conditions, never on fixed sleeps. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {
    }

    /**
     * As {@link #until}, for a condition the test cannot go on without: fails when the deadline passes, naming
     * {@code what} was awaited and the last value seen, rather than let a later step fail for a reason it does not
     * show, or let a wait that never holds sit out its whole timeout unnoticed.
     */
    public static <T> T require(Duration timeout, String what, Supplier<T> probe, Predicate<T> done) {
        T value = until(timeout, probe, done);
        if (!done.test(value)) {
            throw new AssertionError(what + ": not so within " + timeout.toSeconds() + " s; last seen: " + value);
        }
        return value;
    }

    /** The first value that satisfies {@code done}, or the last value seen when the deadline passes. */
    public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = probe.get();
        }
        return value;
    }
}

package org.vtepmanager.app;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowingConsumer;

/**
 * Re-checks assertions against the running manager or its files until they pass or the deadline expires (then
 * the last failure), or, for what must not happen, on and on for a while (failing at the first time it does).
 */
final class Eventually {

    private Eventually() {
    }

    static <T> void assertThatEventually(Duration timeout, Supplier<T> probe, ThrowingConsumer<T> assertion) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                assertion.accept(probe.get());
                return;
            } catch (AssertionError | RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            pause();
        }
    }

    static <T> void assertThatThroughout(Duration period, Supplier<T> probe, ThrowingConsumer<T> assertion) {
        Instant end = Instant.now().plus(period);
        while (Instant.now().isBefore(end)) {
            assertion.accept(probe.get());
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

package org.vtepmanager.ovsdb;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowingConsumer;

/** Re-checks assertions against a real switch until they pass or the deadline expires (then the last failure). */
public final class Eventually {

    private Eventually() {
    }

    public static <T> void assertThatEventually(Duration timeout, Supplier<T> probe, ThrowingConsumer<T> assertion) {
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
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}

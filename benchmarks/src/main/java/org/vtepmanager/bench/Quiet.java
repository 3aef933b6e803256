package org.vtepmanager.bench;

import java.time.Duration;

/** When the manager last observed a hypervisor, and a wait until it has observed none for a while. */
final class Quiet {

    private static final Duration QUIET = Duration.ofMillis(500);
    private volatile long lastObserved = System.nanoTime();

    void observed() {
        lastObserved = System.nanoTime();
    }

    /** Until no hypervisor was observed for {@link #QUIET}, or a minute passed. */
    void await() {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() - lastObserved < QUIET.toNanos() && System.nanoTime() < deadline) {
            OvsdbServerFarm.sleep(Duration.ofMillis(10));
        }
    }
}

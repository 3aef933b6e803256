package org.vtepmanager.ovsdb.tor;

import java.time.Duration;

/** How the manager reconnects to ToRs it dials: capped exponential backoff between attempts. */
public record TorSettings(Duration minBackoff, Duration maxBackoff) {

    public static TorSettings defaults() {
        return new TorSettings(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
}

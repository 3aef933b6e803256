package org.vtepmanager.ovsdb.tor;

import java.time.Duration;
import java.util.List;

/**
 * How ToRs are managed: capped exponential backoff between attempts to reach one the manager dials, the service
 * nodes (tunnel IPs) that replicate broadcast and unknown frames of networks that set no replication of their own
 * (none means source-node replication for those), and how long after a start ToRs keep remote MACs the MAC tables
 * do not hold yet, at most (see {@code TorSpec.settling}; zero: never).
 */
public record TorSettings(Duration minBackoff, Duration maxBackoff, List<String> serviceNodes, Duration settleTimeout) {

    /** As the OpenFlow side: a restart re-learns what was learned before within this time or not at all. */
    public static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    public TorSettings {
        serviceNodes = List.copyOf(serviceNodes);
    }

    public static TorSettings defaults() {
        return new TorSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), List.of(), SETTLE_TIMEOUT);
    }

    public TorSettings withServiceNodes(List<String> ips) {
        return new TorSettings(minBackoff, maxBackoff, ips, settleTimeout);
    }
}

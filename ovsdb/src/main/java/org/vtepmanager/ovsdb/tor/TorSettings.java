package org.vtepmanager.ovsdb.tor;

import java.time.Duration;
import java.util.List;

/**
 * How ToRs are managed: capped exponential backoff between attempts to reach one the manager dials, and the
 * service nodes (tunnel IPs) that replicate broadcast and unknown frames of networks that set no replication of
 * their own; none means source-node replication for those.
 */
public record TorSettings(Duration minBackoff, Duration maxBackoff, List<String> serviceNodes) {

    public TorSettings {
        serviceNodes = List.copyOf(serviceNodes);
    }

    public static TorSettings defaults() {
        return new TorSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());
    }

    public TorSettings withServiceNodes(List<String> ips) {
        return new TorSettings(minBackoff, maxBackoff, ips);
    }
}

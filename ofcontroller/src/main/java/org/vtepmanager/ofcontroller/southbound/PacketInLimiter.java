package org.vtepmanager.ofcontroller.southbound;

import java.util.HashMap;
import java.util.Map;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per switch: at most {@code perSecond} packet-ins are handled, the rest dropped (the frames were
 * forwarded anyway: table 1 sends a copy and continues). Confined to the southbound's thread.
 */
final class PacketInLimiter {

    private static final Logger log = LoggerFactory.getLogger(PacketInLimiter.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long perSecond;
    private final Map<DatapathId, Bucket> buckets = new HashMap<>();

    PacketInLimiter(long perSecond) {
        this.perSecond = perSecond;
    }

    boolean admit(DatapathId dpid) {
        Bucket bucket = buckets.computeIfAbsent(dpid, d -> new Bucket(perSecond, System.nanoTime()));
        return bucket.take(System.nanoTime(), perSecond, dpid);
    }

    private static final class Bucket {
        private double tokens;
        private long last;
        private long dropped;
        private long lastReport;

        Bucket(long tokens, long now) {
            this.tokens = tokens;
            this.last = now;
            this.lastReport = now;
        }

        boolean take(long now, long perSecond, DatapathId dpid) {
            tokens = Math.min(perSecond, tokens + (now - last) * (double) perSecond / NANOS_PER_SECOND);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            dropped++;
            if (now - lastReport > NANOS_PER_SECOND) {
                log.atWarn().addKeyValue("dpid", dpid).addKeyValue("dropped", dropped)
                        .log("packet-in rate limit reached; packet-ins dropped");
                lastReport = now;
                dropped = 0;
            }
            return false;
        }
    }
}

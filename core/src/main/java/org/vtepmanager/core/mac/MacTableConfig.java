package org.vtepmanager.core.mac;

import java.time.Duration;
import org.vtepmanager.core.InvalidValueException;

/**
 * Limits and timers of the MAC and ARP tables. A MAC that moves more than {@code maxMoves} times within
 * {@code moveWindow} is held where it is for {@code holdTime}: a loop or a duplicated MAC then costs one refused
 * learn per frame instead of a reprogrammed VTEP per frame. An ARP binding answers requests only for
 * {@code arpReachableTime} after its owner last claimed it (zero: never), so that a host which took a new MAC without
 * announcing it is asked again rather than answered with its old MAC until the binding ages.
 */
public record MacTableConfig(Duration agingTime, int maxMoves, Duration moveWindow, Duration holdTime,
        int maxPerPort, int maxPerVni, Duration arpReachableTime) {

    /** Linux's base_reachable_time: a neighbour confirmed this recently is trusted without asking it again. */
    public static final Duration DEFAULT_ARP_REACHABLE_TIME = Duration.ofSeconds(30);

    public static final MacTableConfig DEFAULTS = new MacTableConfig(Duration.ofSeconds(300), 5,
            Duration.ofSeconds(10), Duration.ofSeconds(60), 4096, 1 << 20);

    public MacTableConfig {
        positive("agingTime", agingTime);
        if (arpReachableTime == null || arpReachableTime.isNegative()) {
            throw new InvalidValueException("arpReachableTime", arpReachableTime + " must be zero or positive");
        }
        positive("moveWindow", moveWindow);
        positive("holdTime", holdTime);
        if (maxMoves < 1) {
            throw new InvalidValueException("maxMoves", maxMoves + " must be at least 1");
        }
        if (maxPerPort < 1 || maxPerVni < 1) {
            throw new InvalidValueException("maxPerPort", "limits must be at least 1 (port " + maxPerPort + ", vni "
                    + maxPerVni + ")");
        }
    }

    /** With the default ARP reachable time. */
    public MacTableConfig(Duration agingTime, int maxMoves, Duration moveWindow, Duration holdTime, int maxPerPort,
            int maxPerVni) {
        this(agingTime, maxMoves, moveWindow, holdTime, maxPerPort, maxPerVni, DEFAULT_ARP_REACHABLE_TIME);
    }

    public MacTableConfig withArpReachableTime(Duration reachable) {
        return new MacTableConfig(agingTime, maxMoves, moveWindow, holdTime, maxPerPort, maxPerVni, reachable);
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidValueException(field, value + " must be a positive duration");
        }
    }
}

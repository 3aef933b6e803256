package org.vtepmanager.core.mac;

import java.time.Duration;
import org.vtepmanager.core.InvalidValueException;

/**
 * Limits and timers of a {@link MacTable}. A MAC that moves more than {@code maxMoves} times within
 * {@code moveWindow} is held where it is for {@code holdTime}: a loop or a duplicated MAC then costs one refused
 * learn per frame instead of a reprogrammed VTEP per frame.
 */
public record MacTableConfig(Duration agingTime, int maxMoves, Duration moveWindow, Duration holdTime,
        int maxPerPort, int maxPerVni) {

    public static final MacTableConfig DEFAULTS = new MacTableConfig(Duration.ofSeconds(300), 5,
            Duration.ofSeconds(10), Duration.ofSeconds(60), 4096, 1 << 20);

    public MacTableConfig {
        positive("agingTime", agingTime);
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

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidValueException(field, value + " must be a positive duration");
        }
    }
}

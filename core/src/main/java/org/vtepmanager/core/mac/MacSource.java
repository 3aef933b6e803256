package org.vtepmanager.core.mac;

import java.util.Arrays;
import org.vtepmanager.core.InvalidValueException;

/** Who put a MAC in the table; decides whether it ages and whether learning may move it. */
public enum MacSource {
    /** Seen as a source address by a VTEP; ages out, moves when seen elsewhere. */
    LEARNED("learned"),
    /** Pinned by the operator; never ages, never moved by learning. */
    STATIC("static"),
    /** Reported by a hardware VTEP (its Ucast_Macs_Local); the switch ages it, so we keep it until withdrawn. */
    HARDWARE_VTEP("hardware-vtep");

    private final String wireName;

    MacSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static MacSource parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(text)).findFirst()
                .orElseThrow(() -> new InvalidValueException("source", "'" + text
                        + "' is not a MAC source (expected learned, static or hardware-vtep)"));
    }
}

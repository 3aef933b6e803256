package org.vtepmanager.core.mac;

import java.util.Locale;

/** What {@link MacTable#learn} did; an enum so that learning at line rate allocates nothing. */
public enum LearnOutcome {
    LEARNED(true, "new entry"),
    REFRESHED(true, "entry seen again at the same location"),
    MOVED(true, "entry moved to a new location"),
    DAMPED(false, "entry moves too often and is held at its location"),
    PORT_FULL(false, "the port has reached its MAC limit"),
    VNI_FULL(false, "the network has reached its MAC limit"),
    STATIC_PINNED(false, "a static entry is not moved by learning");

    private final boolean accepted;
    private final String reason;

    LearnOutcome(boolean accepted, String reason) {
        this.accepted = accepted;
        this.reason = reason;
    }

    public boolean accepted() {
        return accepted;
    }

    public String reason() {
        return reason;
    }

    /** {@code PORT_FULL} as {@code port-full}, as the metrics name it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

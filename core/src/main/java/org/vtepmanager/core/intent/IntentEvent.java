package org.vtepmanager.core.intent;

/**
 * Intent changed: {@code change} was committed durably at {@code revision}; {@code intent} is the result, and
 * {@code origin} who asked for it: the name of an API token, {@value #ANYONE} through an open API, or
 * {@value #MANAGER} for what the manager registers itself (a switch that dialled in, a command-line target).
 */
public record IntentEvent(long revision, IntentChange change, Intent intent, String origin) {

    /** The manager itself. */
    public static final String MANAGER = "manager";
    /** Whoever reached an API that needs no token. */
    public static final String ANYONE = "anyone";

    /** A change the manager made itself. */
    public IntentEvent(long revision, IntentChange change, Intent intent) {
        this(revision, change, intent, MANAGER);
    }
}

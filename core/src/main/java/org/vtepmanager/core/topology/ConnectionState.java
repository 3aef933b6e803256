package org.vtepmanager.core.topology;

import java.util.Locale;

/** Whether the manager's OVSDB session with a VTEP is up, as reported by the southbound. */
public enum ConnectionState {
    /** Registered but never reported on, or the session is down. */
    DISCONNECTED,
    CONNECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

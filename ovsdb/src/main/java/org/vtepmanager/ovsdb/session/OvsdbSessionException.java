package org.vtepmanager.ovsdb.session;

/** An OVSDB request or session failed; the message names the switch. */
public final class OvsdbSessionException extends RuntimeException {

    public OvsdbSessionException(String peer, String message) {
        super(peer + ": " + message);
    }

    public OvsdbSessionException(String peer, String message, Throwable cause) {
        super(peer + ": " + message, cause);
    }
}

package org.vtepmanager.ovsdb.session;

import java.util.concurrent.CompletionException;

/** An OVSDB request or session failed; the message names the switch. */
public final class OvsdbSessionException extends RuntimeException {

    public OvsdbSessionException(String peer, String message) {
        super(peer + ": " + message);
    }

    public OvsdbSessionException(String peer, String message, Throwable cause) {
        super(peer + ": " + message, cause);
    }

    /** The failure itself, not the {@code CompletionException} a dependent future wraps it in. */
    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}

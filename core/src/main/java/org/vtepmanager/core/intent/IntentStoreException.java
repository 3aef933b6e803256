package org.vtepmanager.core.intent;

/** The store itself failed (I/O, corruption); the message names the store and the operation. */
public final class IntentStoreException extends RuntimeException {

    public IntentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

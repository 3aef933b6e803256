package org.vtepmanager.app;

/** The manager could not start; the message names the part that failed and why. */
public final class ManagerStartException extends RuntimeException {

    public ManagerStartException(String message) {
        super(message);
    }

    public ManagerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

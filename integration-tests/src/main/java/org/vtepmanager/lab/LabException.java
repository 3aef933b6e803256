package org.vtepmanager.lab;

/** A lab could not be built, queried or torn down; the message names the command or resource. */
public final class LabException extends RuntimeException {

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}

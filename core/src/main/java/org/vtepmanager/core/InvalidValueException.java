package org.vtepmanager.core;

/**
 * A value failed validation at construction. Carries the field and the reason separately so that the REST API can
 * answer {@code {"field": ..., "reason": ...}} without parsing messages.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidValueException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}

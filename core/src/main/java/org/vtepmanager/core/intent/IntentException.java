package org.vtepmanager.core.intent;

import java.util.List;

/** A change that intent's rules refuse; nothing of it was applied. Names the field at fault and why. */
public final class IntentException extends RuntimeException {

    /** Why a change was refused; the REST API maps each to one HTTP status. */
    public enum Kind {
        /** The record the change addresses does not exist. */
        NOT_FOUND,
        /** A record with the same identity (or unique attribute) exists. */
        ALREADY_EXISTS,
        /** The record is still referenced; {@link #heldBy()} lists by what. */
        IN_USE,
        /** The change names another record that does not exist. */
        UNKNOWN_REFERENCE,
        /** A compare-and-set saw another version. */
        VERSION_MISMATCH
    }

    private final Kind kind;
    private final String field;
    private final String reason;
    private final List<String> heldBy;

    public IntentException(Kind kind, String field, String reason) {
        this(kind, field, reason, List.of());
    }

    public IntentException(Kind kind, String field, String reason, List<String> heldBy) {
        super(field + ": " + reason);
        this.kind = kind;
        this.field = field;
        this.reason = reason;
        this.heldBy = List.copyOf(heldBy);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    public List<String> heldBy() {
        return heldBy;
    }
}

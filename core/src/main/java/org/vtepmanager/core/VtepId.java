package org.vtepmanager.core;

import java.util.regex.Pattern;

/** The name a VTEP is known by in intent, events and URLs; restricted so it needs no escaping anywhere. */
public record VtepId(String value) implements Comparable<VtepId> {

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public VtepId {
        if (value == null || !SYNTAX.matcher(value).matches()) {
            throw new InvalidValueException("vtep", "'" + value + "' is not a VTEP id (1..64 of A-Z a-z 0-9 . _ -, "
                    + "starting with a letter or digit)");
        }
    }

    public static VtepId of(String value) {
        return new VtepId(value);
    }

    /**
     * An id made from free text such as an OVSDB target or a switch's system-id: every run of other characters
     * becomes '-', and only the last 64 characters are kept (the distinctive end of a socket path).
     */
    public static VtepId derivedFrom(String text) {
        String id = text.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-+", "");
        return new VtepId(id.length() > 64 ? id.substring(id.length() - 64).replaceAll("^[^A-Za-z0-9]+", "") : id);
    }

    @Override
    public int compareTo(VtepId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

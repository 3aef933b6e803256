package org.vtepmanager.core;

/** A port on a VTEP as its OVSDB names it (Interface name on a hypervisor, Physical_Port name on a ToR). */
public record PortName(String value) implements Comparable<PortName> {

    /** No port name sorts before it: a name's characters are above the space, and '!' is the first of them. */
    public static final PortName LEAST = new PortName("!");

    public PortName {
        if (value == null || value.isEmpty() || value.length() > 64 || hasSpaceOrControl(value)) {
            throw new InvalidValueException("port", "'" + value + "' is not a port name (1..64 characters, "
                    + "no spaces or control characters)");
        }
    }

    /** A loop, not a stream: every learned MAC names its port. Spaces and controls of any script count. */
    private static boolean hasSpaceOrControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // Printable ASCII decides in two compares: every learned MAC's port name passes here.
            if (c <= ' ' || c == 0x7f || (c >= 0x80 && (Character.isISOControl(c) || Character.isSpaceChar(c)))) {
                return true;
            }
        }
        return false;
    }

    public static PortName of(String value) {
        return new PortName(value);
    }

    @Override
    public int compareTo(PortName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.vtepmanager.core;

/**
 * A VXLAN network identifier: the 24-bit segment id carried in every VXLAN header (RFC 7348 §5).
 * Zero is excluded because hardware VTEPs and Open vSwitch treat it as "no segment".
 */
public record Vni(int value) implements Comparable<Vni> {

    public static final int MIN = 1;
    public static final int MAX = (1 << 24) - 1;

    public Vni {
        if (value < MIN || value > MAX) {
            throw new InvalidValueException("vni", value + " is out of range " + MIN + ".." + MAX);
        }
    }

    public static Vni of(int value) {
        return new Vni(value);
    }

    @Override
    public int compareTo(Vni other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}

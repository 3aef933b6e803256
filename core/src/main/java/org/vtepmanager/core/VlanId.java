package org.vtepmanager.core;

/** An 802.1Q VLAN id on a VTEP port; 0 stands for untagged frames, 4095 is reserved by the standard. */
public record VlanId(int value) implements Comparable<VlanId> {

    public static final VlanId UNTAGGED = new VlanId(0);
    public static final int MAX = 4094;

    public VlanId {
        if (value < 0 || value > MAX) {
            throw new InvalidValueException("vlan", value + " is out of range 0..4094 (0 = untagged)");
        }
    }

    public static VlanId of(int value) {
        return new VlanId(value);
    }

    public boolean isUntagged() {
        return value == 0;
    }

    @Override
    public int compareTo(VlanId other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}

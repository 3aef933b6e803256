package org.vtepmanager.core;

import java.util.Arrays;

/** What sits behind a VTEP's OVSDB: an Open vSwitch hypervisor (Open_vSwitch schema) or a hardware_vtep ToR. */
public enum VtepKind {
    HYPERVISOR("hypervisor"),
    HARDWARE_VTEP("hardware-vtep");

    private final String wireName;

    VtepKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static VtepKind parse(String text) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(text)).findFirst()
                .orElseThrow(() -> new InvalidValueException("kind", "'" + text
                        + "' is not a VTEP kind (expected hypervisor or hardware-vtep)"));
    }
}

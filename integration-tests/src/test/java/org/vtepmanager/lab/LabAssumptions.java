package org.vtepmanager.lab;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Lab tests skip, with the reason, only on a machine that truly cannot run them (not root, no OVS). Where the
 * build says OVS must be there ({@code -Dlab.requireOvs=true}, set from {@code CI=true}), they fail instead.
 */
public final class LabAssumptions {

    private LabAssumptions() {
    }

    public static void requireLab() {
        LabPreconditions.missing().ifPresent(reason -> {
            if (Boolean.getBoolean("lab.requireOvs")) {
                fail("lab required (CI) but this machine cannot run it: " + reason);
            }
            Assumptions.abort("this machine cannot run an Open vSwitch lab: " + reason);
        });
    }
}

package org.vtepmanager.ofcontroller.southbound;

/**
 * How the southbound learns: the idle timeout its learned source entries carry (the switch ages a MAC when its
 * entry expires). How many packet-ins a switch may send is the OpenFlow server's to enforce
 * ({@code OpenFlowConfig.packetInLimit}), before they are decoded.
 */
public record LearningSettings(int agingSeconds) {

    public LearningSettings {
        if (agingSeconds < 1 || agingSeconds > 0xffff) {
            throw new IllegalArgumentException("agingSeconds " + agingSeconds + " must be within 1..65535 "
                    + "(an OpenFlow idle timeout)");
        }
    }
}

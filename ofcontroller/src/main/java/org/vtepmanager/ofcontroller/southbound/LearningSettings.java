package org.vtepmanager.ofcontroller.southbound;

/**
 * How the southbound learns: the idle timeout its learned source entries carry (the switch ages a MAC when its
 * entry expires), and how long a source the MAC tables refused passes on without a packet-in ({@link LearnHolds}).
 * How many packet-ins a switch may send is the OpenFlow server's to enforce ({@code OpenFlowConfig.packetInLimit}),
 * before they are decoded.
 */
public record LearningSettings(int agingSeconds, int holdSeconds) {

    /**
     * A refused source asks again this often: a MAC whose hold or limit has passed is learned within this time, and
     * a source refused for good costs a packet-in this often rather than one per frame.
     */
    public static final int DEFAULT_HOLD_SECONDS = 10;

    public LearningSettings {
        if (agingSeconds < 1 || agingSeconds > 0xffff) {
            throw new IllegalArgumentException("agingSeconds " + agingSeconds + " must be within 1..65535 "
                    + "(an OpenFlow idle timeout)");
        }
        if (holdSeconds < 1 || holdSeconds > 0xffff) {
            throw new IllegalArgumentException("holdSeconds " + holdSeconds + " must be within 1..65535 "
                    + "(an OpenFlow hard timeout)");
        }
    }

    public LearningSettings(int agingSeconds) {
        this(agingSeconds, DEFAULT_HOLD_SECONDS);
    }
}

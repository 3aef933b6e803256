package org.vtepmanager.ofcontroller.southbound;

/**
 * How the southbound learns: the idle timeout its learned source entries carry (the switch ages a MAC when its
 * entry expires) and the packet-ins per second and switch it handles at most (the rest are dropped, so a flood of
 * random source MACs cannot monopolise the OpenFlow thread).
 */
public record LearningSettings(int agingSeconds, long packetInsPerSecond) {

    /** Per switch: well above what a learning burst of a real host needs. */
    public static final int DEFAULT_PACKET_INS_PER_SECOND = 20_000;

    public LearningSettings {
        if (agingSeconds < 1 || agingSeconds > 0xffff) {
            throw new IllegalArgumentException("agingSeconds " + agingSeconds + " must be within 1..65535 "
                    + "(an OpenFlow idle timeout)");
        }
        if (packetInsPerSecond < 1) {
            throw new IllegalArgumentException("packetInsPerSecond " + packetInsPerSecond + " must be at least 1");
        }
    }
}

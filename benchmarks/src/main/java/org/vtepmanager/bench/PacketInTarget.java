package org.vtepmanager.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;

/** A controller under test for the packet-in benchmark: where it listens and what its switches send it. */
interface PacketInTarget extends AutoCloseable {

    /** Short name used in the RESULT keys. */
    String key();

    InetSocketAddress address();

    /** The ports switch {@code index} of {@code switches} reports; packet-ins come in on the first few. */
    List<OFPortDesc> ports(int index, int switches);

    /**
     * Whether the controller ends its programming of a new switch with a barrier (ours: every batch does); if not,
     * the first flow-mod marks the switch programmed.
     */
    boolean barrierEndsProgramming();

    /** How many of the ports the new source MACs are spread over. */
    int sourcePorts();

    /** Sent once per switch after it was programmed, before any measured packet-in. */
    List<OFMessage> primer(int index);

    /** A packet-in from switch {@code index}: a frame from the new {@code sourceMac} arrived on {@code port}. */
    OFMessage packetIn(int index, int port, long sourceMac);

    /**
     * CPU time the controller has used so far, in nanoseconds. One that runs in the generator's process leaves out
     * the generator's thread, whose CPU time so far is given.
     */
    long controllerCpuNanos(long generatorCpuNanos);

    /** How many MACs the controller's tables hold; empty for one outside this process, whose heap is not ours. */
    default OptionalInt macsHeld() {
        return OptionalInt.empty();
    }

    /** The ToR the controller keeps at its MAC tables; empty without one (only ours can have one). */
    default Optional<TorProgress> tor() {
        return Optional.empty();
    }

    /** How far a ToR has come: both counts read when asked. */
    interface TorProgress {
        /** Ucast_Macs_Remote rows the ToR holds. */
        int remoteMacs();

        /** Entries in the MAC tables: with the ToR bound to every network, what it must end up holding. */
        int mustHold();
    }

    @Override
    void close();
}

package org.vtepmanager.ofcontroller;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the switches sent the controller, and it them, since the server started; for monitoring ({@code GET
 * /metrics}). The IO threads count as messages pass, without a lock (a {@link LongAdder} each), and anyone may read
 * at any time.
 */
public final class OpenFlowCounters {

    private final LongAdder packetIns = new LongAdder();
    private final LongAdder packetInsDropped = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();

    /** Packet-ins the per-switch limit let through to the controller. */
    public long packetIns() {
        return packetIns.sum();
    }

    /** Packet-ins the per-switch limit dropped on arrival: each delays a learn until the MAC is seen again. */
    public long packetInsDropped() {
        return packetInsDropped.sum();
    }

    /** Messages the controller sent in batches (flow-mods, group-mods, packet-outs); their barriers not counted. */
    public long messagesSent() {
        return messagesSent.sum();
    }

    void packetInAdmitted() {
        packetIns.increment();
    }

    void packetInDropped() {
        packetInsDropped.increment();
    }

    void sent(int messages) {
        messagesSent.add(messages);
    }
}

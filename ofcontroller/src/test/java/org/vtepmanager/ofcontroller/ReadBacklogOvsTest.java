package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/** A real Open vSwitch bridge floods packet-ins at a controller whose thread is stuck. */
class ReadBacklogOvsTest {

    private static final int READ_BACKLOG = 8;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * What the last read before a pause can still hand over: Netty reads at most 64 KiB at a time (the default
     * receive allocator's ceiling), and a packet-in of one of the 42-byte frames below is at least 76 bytes on the
     * wire (header and fixed fields 24, the smallest match 8, padding 2); one more for a frame begun in the read
     * before.
     */
    private static final int ONE_READ_OF_PACKET_INS = 65_536 / 76 + 1;
    private static final int FLOOD = 2_000;
    private static final int PACKETS_PER_CALL = 200;
    /** Ours: a silent switch is probed after 1 s and dropped 1 s later. */
    private static final Duration ECHO = Duration.ofSeconds(1);
    /**
     * Longer than either side waits before it drops a silent peer: our echo interval plus timeout (2 s), and Open
     * vSwitch's inactivity probe twice over (it takes at least 5 s, and probes before it disconnects).
     */
    private static final Duration LONG_PAUSE = Duration.ofSeconds(12);

    private final StuckListener listener = new StuckListener();
    private final OFFactory factory = new OfMessages().factory();
    private BridgeAtController lab;

    @BeforeEach
    void startServerAndSwitch() {
        // No packet-in limit to speak of: the flood must reach the connection.
        lab = new BridgeAtController(OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0))
                .withPacketInLimit(1_000_000).withReadBacklog(READ_BACKLOG).withEcho(ECHO, ECHO), listener);
    }

    @AfterEach
    void stopEverything() {
        listener.release.countDown();
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aFloodAtAStuckControllerPausesReadingAndReadingResumesOnceTheControllerCatchesUp() throws Exception {
        SwitchSession session = floodUntilReadingPauses();
        int waitingAtPause = session.messagesWaiting();
        assertThat(waitingAtPause).isBetween(READ_BACKLOG, READ_BACKLOG + ONE_READ_OF_PACKET_INS);
        ILoggingEvent pause = lab.logs.awaitMessage(WAIT,
                "switch's messages wait for the controller; reading from it paused");
        assertThat(LogCapture.keyValues(pause)).containsEntry("dpid", session.dpid().toString());

        listener.release.countDown();

        Await.until(WAIT, "more packet-ins than were waiting at the pause, all handled",
                () -> listener.packetIns.get() > waitingAtPause && session.messagesWaiting() == 0);
        // The resume is handed to the event loop as the last messages are handled; it may run just after.
        Await.until(WAIT, "reading from br0 again", session::reading);
        int before = listener.packetIns.get();
        flood(1);
        Await.until(WAIT, "a packet-in sent after the flood", () -> listener.packetIns.get() > before);
        assertThat(session.isConnected()).isTrue();
        assertThat(lab.server.getSwitch(session.dpid())).containsSame(session);
    }

    /**
     * While reading is paused neither side hears the other: not the switch's echo replies, nor its echo requests,
     * which Open vSwitch sends when it has heard nothing from us. The silence is the controller's own, and the
     * connection must outlive it.
     */
    @Test
    void aPauseLongerThanEitherSidesKeepaliveLeavesTheConnectionUp() throws Exception {
        SwitchSession session = floodUntilReadingPauses();

        Thread.sleep(LONG_PAUSE.toMillis());
        listener.release.countDown();

        Await.until(WAIT, "every waiting packet-in handled and reading resumed",
                () -> session.messagesWaiting() == 0 && session.reading());
        int before = listener.packetIns.get();
        flood(1);
        Await.until(WAIT, "a packet-in sent after the pause", () -> listener.packetIns.get() > before);
        assertThat(session.isConnected()).isTrue();
        assertThat(lab.server.getSwitch(session.dpid())).containsSame(session);
        assertThat(lab.logs.withMessage("Switch did not answer an echo request; closing the connection")).isEmpty();
    }

    /** br0 sends every frame to the stuck controller and is flooded until its connection stops reading. */
    private SwitchSession floodUntilReadingPauses() throws Exception {
        SwitchSession session = awaitSession("br0");
        session.send(List.of(BridgeAtController.everythingToController(factory, 0xffff)))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        flood(FLOOD);
        Await.until(WAIT, "reading from br0 paused", () -> !session.reading());
        return session;
    }

    /** {@code count} packets into port 1, each a packet-in; several per call, as the dummy datapath allows. */
    private void flood(int count) {
        for (int sent = 0; sent < count; sent += PACKETS_PER_CALL) {
            List<String> args = new ArrayList<>(List.of("netdev-dummy/receive", "p1"));
            for (int i = sent; i < Math.min(count, sent + PACKETS_PER_CALL); i++) {
                args.add(RealOvs.udpFrameFrom(String.format("02:00:00:00:%02x:%02x", i >> 8 & 0xff,
                        i & 0xff)));
            }
            lab.ovs.appctl(args.toArray(String[]::new));
        }
    }

    private SwitchSession awaitSession(String bridge) {
        return (SwitchSession) lab.awaitSwitch(bridge);
    }

    /** Counts packet-ins, and holds the controller's thread on the first until released. */
    private static final class StuckListener implements SwitchListener {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger packetIns = new AtomicInteger();

        @Override
        public void switchConnected(OpenFlowSwitch sw) {
        }

        @Override
        public void switchDisconnected(OpenFlowSwitch sw) {
        }

        @Override
        public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        }

        @Override
        public void messageReceived(OpenFlowSwitch sw, OFMessage message) {
            if (message instanceof OFPacketIn) {
                packetIns.incrementAndGet();
                try {
                    release.await(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

package org.vtepmanager.ofcontroller.southbound;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.OpenFlowServer;

/**
 * The southbound as the manager wires it (intent store, MAC tables, topology, an OpenFlow server on loopback, one
 * callback thread), for tests that point real Open vSwitch bridges at {@link #openFlowPort}.
 */
final class SouthboundHarness implements AutoCloseable {

    final H2IntentStore store;
    final MacTables macs;
    final TopologyService topology;
    final int openFlowPort;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final OpenFlowServer server;

    /** {@code settleTimeout}: how long after start the southbound waits for registered VTEPs it has not seen. */
    SouthboundHarness(Path dir, Duration settleTimeout) {
        this(dir, settleTimeout, OpenFlowSouthbound.POLL_PERIOD);
    }

    /** {@code pollPeriod}: how often the southbound asks each switch for its counters and the number of our flows. */
    SouthboundHarness(Path dir, Duration settleTimeout, Duration pollPeriod) {
        this(dir, settleTimeout, pollPeriod, OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD);
    }

    /** {@code comparePeriod}: how often the southbound reads each switch whole and compares it with its model. */
    SouthboundHarness(Path dir, Duration settleTimeout, Duration pollPeriod, Duration comparePeriod) {
        this(dir, settleTimeout, pollPeriod, comparePeriod, MissingSessions.DEFAULT_GRACE);
    }

    /** {@code sessionGrace}: how long a hypervisor may lack an OpenFlow session before that is its problem. */
    SouthboundHarness(Path dir, Duration settleTimeout, Duration pollPeriod, Duration comparePeriod,
            Duration sessionGrace) {
        this(dir, MacTableConfig.DEFAULTS, new LearningSettings(300), settleTimeout, pollPeriod, comparePeriod,
                sessionGrace);
    }

    /** {@code macConfig}: the MAC tables' limits and timers; {@code learning}: aging and hold times on the switches. */
    SouthboundHarness(Path dir, MacTableConfig macConfig, LearningSettings learning, Duration settleTimeout,
            Duration pollPeriod, Duration comparePeriod, Duration sessionGrace) {
        store = H2IntentStore.open(dir);
        macs = new MacTables(macConfig, Clock.systemUTC());
        store.addListener(macs);
        topology = new TopologyService(store, macs, 1500);
        server = new OpenFlowServer(OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0)), thread);
        server.addListener(new OpenFlowSouthbound(topology, macs, learning, thread,
                settleTimeout, pollPeriod, comparePeriod, sessionGrace));
        openFlowPort = server.start().getPort();
    }

    /** Packet-ins the switches sent that the server let through to the southbound. */
    long packetIns() {
        return server.counters().packetIns();
    }

    /** Keeps the southbound's thread busy until the returned latch is counted down: events queue meanwhile. */
    CountDownLatch hold() {
        CountDownLatch release = new CountDownLatch(1);
        thread.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    @Override
    public void close() {
        server.close();
        thread.shutdownNow();
        store.close();
    }
}

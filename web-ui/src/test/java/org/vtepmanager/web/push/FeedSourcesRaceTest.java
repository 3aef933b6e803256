package org.vtepmanager.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepObservation;

/**
 * Sessions report from their own threads. Whatever order two reports race in, the feed's last join/leave line for a
 * VTEP must say what the VTEP is now: a dashboard shows that line as the VTEP's news.
 */
class FeedSourcesRaceTest {

    private static final VtepId HV1 = VtepId.of("hv1");
    private static final int ROUNDS = 3_000;

    @TempDir
    Path dir;

    @Test
    void theLastJoinOrLeaveLineMatchesTheStateAfterTwoReportsRace() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            store.apply(new IntentChange.RegisterVtep(new Vtep(HV1, VtepKind.HYPERVISOR,
                    Optional.of(OvsdbAddress.parse("tcp:192.0.2.1")), Optional.empty())));
            TopologyService topology = new TopologyService(store, new MacTables(MacTableConfig.DEFAULTS,
                    Clock.systemUTC()), 1500);
            EventFeed feed = new EventFeed(10, Clock.systemUTC());
            topology.addListener(new FeedSources(feed, topology));
            CyclicBarrier start = new CyclicBarrier(2);
            topology.reportVtep(new VtepObservation(HV1, ConnectionState.CONNECTED, Optional.empty(), List.of(),
                    List.of()));

            for (int round = 0; round < ROUNDS; round++) {
                Future<?> up = threads.submit(() -> report(topology, start, ConnectionState.CONNECTED));
                Future<?> down = threads.submit(() -> report(topology, start, ConnectionState.DISCONNECTED));
                up.get(10, TimeUnit.SECONDS);
                down.get(10, TimeUnit.SECONDS);

                ConnectionState now = topology.vteps().get(0).state();
                String expected = now == ConnectionState.CONNECTED ? "vtep-joined" : "vtep-left";
                assertThat(lastJoinOrLeave(feed)).as("round %d, VTEP now %s", round, now).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void report(TopologyService topology, CyclicBarrier start, ConnectionState state)
            throws Exception {
        start.await(10, TimeUnit.SECONDS);
        topology.reportVtep(new VtepObservation(HV1, state, Optional.empty(), List.of(), List.of()));
        return null;
    }

    private static String lastJoinOrLeave(EventFeed feed) {
        List<FeedEntry> entries = feed.since(0, 10).entries();
        return entries.stream().map(FeedEntry::kind).filter(kind -> kind.startsWith("vtep-")).reduce((a, b) -> b)
                .orElse("none");
    }
}

package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.RealOvsdbServer;

/** The set of targets a provider dials follows the registered ones, against real ovsdb-servers. */
class DiallerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private final Dialler dialler = new Dialler(events, transport, Duration.ofMillis(100), Duration.ofMillis(800),
            (session, dialledIn) -> CompletableFuture.completedFuture(null), (peer, reason) -> { });

    @AfterEach
    void stop() throws Exception {
        events.submit(dialler::close).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        transport.close();
        events.shutdownNow();
    }

    @Test
    void dialOnlyStartsTheNewTargetsStopsTheOnesLeftOutAndKeepsTheRest() throws Exception {
        try (RealOvsdbServer a = RealOvsdbServer.vswitch(); RealOvsdbServer b = RealOvsdbServer.vswitch();
                RealOvsdbServer c = RealOvsdbServer.vswitch()) {
            dialOnly(Set.of(a.unixTarget(), b.unixTarget()));
            assertThatEventually(WAIT, () -> sessions(a, b, c), s -> assertThat(s).containsExactly(1, 1, 0));

            dialOnly(Set.of(b.unixTarget(), c.unixTarget()));
            assertThatEventually(WAIT, () -> sessions(a, b, c), s -> assertThat(s).containsExactly(0, 1, 1));

            dialOnly(Set.of());
            assertThatEventually(WAIT, () -> sessions(a, b, c), s -> assertThat(s).containsExactly(0, 0, 0));
        }
    }

    private void dialOnly(Set<OvsdbTarget> targets) throws Exception {
        events.submit(() -> dialler.dialOnly(targets)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Integer> sessions(RealOvsdbServer... servers) {
        return Arrays.stream(servers).map(RealOvsdbServer::sessions).toList();
    }
}

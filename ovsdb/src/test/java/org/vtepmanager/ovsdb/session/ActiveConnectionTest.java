package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.RealOvsdbServer;

/** Dialling a real ovsdb-server, and stopping. */
class ActiveConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private final List<OvsdbSession> established = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        transport.close();
        events.shutdownNow();
    }

    @Test
    void aConnectionStoppedWhileItDialsLeavesNoSessionBehind() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            ActiveConnection stopped = connection(server);
            ActiveConnection kept = connection(server);
            // In one task of the events thread: the dial cannot complete between the start and the stop.
            events.submit(() -> {
                stopped.start();
                stopped.stop();
                kept.start();
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThatEventually(WAIT, () -> established, sessions -> assertThat(sessions).isNotEmpty());
            // Both dials were made on the same thread, the stopped one first: a second session would show up by now
            // or within a second.
            assertThatThroughout(Duration.ofSeconds(1), () -> established,
                    sessions -> assertThat(sessions).as("only the connection still wanted got a session").hasSize(1));
            assertThat(established.get(0).isOpen()).isTrue();
            kept.stop();
        }
    }

    private ActiveConnection connection(RealOvsdbServer server) {
        return new ActiveConnection(server.unixTarget(), transport, events,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(800)), session -> {
                    established.add(session);
                    return CompletableFuture.completedFuture(null);
                }, (peer, reason) -> { });
    }
}

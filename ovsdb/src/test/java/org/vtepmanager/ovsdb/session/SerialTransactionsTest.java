package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.RealOvsdbServer;
import org.vtepmanager.ovsdb.notation.Ops;

/** One transaction in flight at a time, against a real ovsdb-server. */
class SerialTransactionsTest {

    private static final String DATABASE = "Open_vSwitch";
    /** Commits and changes nothing. */
    private static final List<Operation> NO_CHANGE =
            List.of(Ops.noRowWhere("Bridge", Map.of("name", Atom.string("br-none"))));

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    private final AtomicInteger plans = new AtomicInteger();
    private final List<Boolean> answers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        transport.close();
        events.shutdownNow();
    }

    @Test
    void stoppingWaitsForTheAnswerInFlightAndSendsNothingMore() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            SerialTransactions transactions = transactionsWith(server);
            CompletableFuture<Void> stopped;
            server.freeze();
            try {
                stopped = onEvents(() -> {
                    transactions.request();
                    return transactions.stop();
                });
                assertThat(stopped).as("while the server holds the answer").isNotDone();
            } finally {
                server.thaw();
            }
            stopped.get(10, TimeUnit.SECONDS);
            assertThat(answers).as("the transaction in flight committed").containsExactly(true);

            onEvents(() -> {
                transactions.request();
                return null;
            });
            assertThat(plans).as("nothing planned after stopping").hasValue(1);
        }
    }

    @Test
    void stoppingWithNothingInFlightCompletesAtOnce() throws Exception {
        try (RealOvsdbServer server = RealOvsdbServer.vswitch()) {
            SerialTransactions transactions = transactionsWith(server);

            assertThat(onEvents(transactions::stop)).isDone();
            assertThat(plans).hasValue(0);
        }
    }

    private SerialTransactions transactionsWith(RealOvsdbServer server) throws Exception {
        OvsdbSession session = transport.connect(server.unixTarget()).get(10, TimeUnit.SECONDS);
        return new SerialTransactions(session, DATABASE, "Bridge", events, () -> {
            plans.incrementAndGet();
            return NO_CHANGE;
        }, (took, committed) -> answers.add(committed));
    }

    /** SerialTransactions is confined to the events executor. */
    private <T> T onEvents(Callable<T> task) throws Exception {
        Future<T> result = events.submit(task);
        return result.get(5, TimeUnit.SECONDS);
    }
}

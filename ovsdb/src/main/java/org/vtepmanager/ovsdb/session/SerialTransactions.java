package org.vtepmanager.ovsdb.session;

import com.vmware.ovsdb.protocol.operation.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reconciler's transactions to one switch, at most one in flight. A request that arrives meanwhile is
 * folded into the next pass; a failed transaction (constraint, referential integrity, a {@code wait} that did not
 * hold, a lost reply) is never replayed: the next pass is planned again from the cache as it is then, after a
 * pause. OVSDB transactions are atomic, so a failure never leaves half a change. Confined to the events executor.
 */
public final class SerialTransactions {

    private static final Logger log = LoggerFactory.getLogger(SerialTransactions.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final OvsdbSession session;
    private final String database;
    private final String tables;
    private final ScheduledExecutorService events;
    private final Supplier<List<Operation>> planner;
    private final Answers answers;
    private boolean inFlight;
    private boolean dirty;
    private boolean stopped;
    /** Completes when no transaction is in flight. */
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    /**
     * @param tables what the transactions write, as named in logs (e.g. "Logical_Switch/Ucast_Macs_Remote")
     * @param planner computes the next transaction from the cache; an empty list means in sync
     */
    public SerialTransactions(OvsdbSession session, String database, String tables, ScheduledExecutorService events,
            Supplier<List<Operation>> planner) {
        this(session, database, tables, events, planner, (took, committed) -> { });
    }

    /** As above; {@code answers} is told how each transaction went, before the next one is planned. */
    public SerialTransactions(OvsdbSession session, String database, String tables, ScheduledExecutorService events,
            Supplier<List<Operation>> planner, Answers answers) {
        this.session = session;
        this.database = database;
        this.tables = tables;
        this.events = events;
        this.planner = planner;
        this.answers = answers;
    }

    /** How long a switch took to answer a transaction, for a planner that sizes transactions by it. */
    @FunctionalInterface
    public interface Answers {
        /**
         * Called on the events executor. {@code took} runs from sending until the answer is handled there, so a
         * busy events thread lengthens it too; a transaction that failed, the session lost with it included, has
         * {@code committed} false.
         */
        void answered(Duration took, boolean committed);
    }

    /** Something the plan depends on changed: plan and send now, or after the transaction in flight. */
    public void request() {
        if (stopped) {
            return;
        }
        if (inFlight) {
            dirty = true;
            return;
        }
        if (!session.isOpen()) {
            return;
        }
        List<Operation> operations = planner.get();
        if (operations.isEmpty()) {
            return;
        }
        inFlight = true;
        idle = new CompletableFuture<>();
        long sentAt = System.nanoTime();
        session.transact(database, operations).whenCompleteAsync(
                (serverError, error) -> finished(operations, serverError, error, System.nanoTime() - sentAt), events);
    }

    /**
     * Sends nothing more; completes once the transaction in flight, if any, is answered. A session closed while a
     * transaction is in flight fails it, and an answer already read when the session closed is logged by the
     * library as an error with the whole reply: the manager stops writing first and closes the session after.
     */
    public CompletableFuture<Void> stop() {
        stopped = true;
        return idle;
    }

    private void finished(List<Operation> sent, Optional<String> serverError, Throwable error, long tookNanos) {
        inFlight = false;
        String failure = error != null ? String.valueOf(error.getMessage()) : serverError.orElse(null);
        answers.answered(Duration.ofNanos(tookNanos), failure == null);
        // After the planner heard the answer: whoever waits for it to stop sees what the answer changed.
        idle.complete(null);
        if (failure == null) {
            log.atDebug().addKeyValue("switch", session.peer()).addKeyValue("operations", sent.size())
                    .addKeyValue("table", tables).addKeyValue("tookMs", tookNanos / 1_000_000)
                    .log("transaction committed");
            if (dirty) {
                dirty = false;
                request();
            }
            return;
        }
        log.atWarn().addKeyValue("switch", session.peer()).addKeyValue("table", tables)
                .addKeyValue("reason", failure).log("transaction failed; re-planning from fresh state");
        dirty = false;
        events.schedule(this::request, RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
    }
}

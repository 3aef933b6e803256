package org.vtepmanager.ovsdb.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a provider closes its sessions: first it stops writing and waits for the answers to transactions in flight
 * (see {@link SerialTransactions#stop}), then it closes. A session closed under a transaction fails it, and an
 * answer already read is logged by ovsdb-client as an ERROR carrying the whole reply (hundreds of kilobytes for a
 * ToR's batch of remote MACs).
 */
public final class GracefulClose {

    private static final Logger log = LoggerFactory.getLogger(GracefulClose.class);
    /** A ToR transaction is sized to be answered within a second (see {@code MacBatch}). */
    static final Duration WAIT = Duration.ofSeconds(3);

    private GracefulClose() {
    }

    /**
     * Runs {@code stopWriting} on the events executor, waits at most {@link #WAIT} for every future it returns, then
     * runs {@code close} there. Blocks the caller, so it must not be called on the events executor.
     */
    public static void close(ScheduledExecutorService events, Supplier<List<CompletableFuture<Void>>> stopWriting,
            Runnable close, String switches) {
        try {
            CompletableFuture.supplyAsync(stopWriting, events)
                    .thenCompose(all -> CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            String reason = e instanceof TimeoutException ? "no answer within " + WAIT : e.getMessage();
            log.atWarn().addKeyValue("switches", switches).addKeyValue("reason", reason)
                    .log("closing OVSDB sessions without every transaction in flight answered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.execute(close);
    }
}

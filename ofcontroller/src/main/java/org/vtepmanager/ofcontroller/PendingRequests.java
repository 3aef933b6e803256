package org.vtepmanager.ofcontroller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsType;

/**
 * What one session has sent and still expects an answer to, by xid. A batch's messages and its barrier have
 * consecutive xids (the session never lets a range wrap), so a batch is one record found by range, not one entry
 * per message. Confined to the connection's event loop. Futures are completed through {@code completions} so that
 * whatever the caller chained onto them never runs on a network thread.
 */
final class PendingRequests {

    /** Enough to explain an OFPT_ERROR for anything of the last few batches; older causes are forgotten. */
    static final int REMEMBERED_REQUESTS = 1024;

    private final Executor completions;
    /** What was sent lately, oldest first, as ranges of consecutive xids. */
    private final ArrayDeque<Sent> recent = new ArrayDeque<>();
    private int remembered;
    /** Batches waiting for their barrier reply, by the barrier's xid (the last of their range). */
    private final NavigableMap<Long, Batch> batches = new TreeMap<>();
    private final Map<Long, Multipart<?>> multiparts = new HashMap<>();

    PendingRequests(Executor completions) {
        this.completions = completions;
    }

    /**
     * {@code messages} went out with the xids {@code firstXid}, {@code firstXid + 1}, ... Of a batch larger than
     * what is remembered, only its tail is kept: a whole reconcile's flow-mods must not stay referenced.
     */
    void sent(long firstXid, List<OFMessage> messages) {
        int skipped = Math.max(0, messages.size() - REMEMBERED_REQUESTS);
        List<OFMessage> kept = skipped == 0 ? messages : List.copyOf(messages.subList(skipped, messages.size()));
        recent.addLast(new Sent(firstXid + skipped, kept));
        remembered += kept.size();
        while (remembered - recent.getFirst().messages().size() >= REMEMBERED_REQUESTS) {
            remembered -= recent.removeFirst().messages().size();
        }
    }

    /** The message sent with this xid, as the caller built it (its own xid is not the one on the wire). */
    Optional<OFMessage> cause(long xid) {
        for (Sent sent : recent) {
            long index = xid - sent.firstXid();
            if (index >= 0 && index < sent.messages().size()) {
                return Optional.of(sent.messages().get((int) index));
            }
        }
        return Optional.empty();
    }

    /** The messages of a batch have the xids from {@code firstXid} up to its barrier's. */
    void expectBarrier(long firstXid, long barrierXid, CompletableFuture<Void> done) {
        batches.put(barrierXid, new Batch(firstXid, done));
    }

    /** Every reply part to {@code xid} is collected; {@code done} completes with all of them after the last. */
    <R extends OFStatsReply> void expectReplies(long xid, OFStatsType type, CompletableFuture<List<R>> done) {
        List<R> parts = new ArrayList<>();
        multiparts.put(xid, new Multipart<R>(type, parts::add, () -> complete(done, List.copyOf(parts)), done));
    }

    /**
     * Each reply part to {@code xid} goes to {@code arrived} on the event loop as it arrives; {@code done} completes
     * through {@code completions} after the last, so after what {@code arrived} handed to that executor if it runs
     * tasks in order.
     */
    <R extends OFStatsReply> void expectParts(long xid, OFStatsType type, Consumer<R> arrived,
            CompletableFuture<Void> done) {
        multiparts.put(xid, new Multipart<R>(type, arrived, () -> complete(done, null), done));
    }

    /** @return false if no batch waits for this barrier */
    boolean barrierReplied(long xid) {
        Batch batch = batches.remove(xid);
        if (batch == null) {
            return false;
        }
        if (batch.error == null) {
            complete(batch.done, null);
        } else {
            fail(batch.done, batch.error);
        }
        return true;
    }

    /** @return false if no request waits for this reply, which then is the listener's business */
    boolean statsReplied(OFStatsReply reply) {
        Multipart<?> request = multiparts.get(reply.getXid());
        if (request == null) {
            return false;
        }
        if (reply.getStatsType() != request.type) {
            multiparts.remove(reply.getXid());
            fail(request.done, new IllegalStateException("switch answered a " + request.type
                    + " request with " + reply.getStatsType()));
        } else if (request.add(reply)) {
            multiparts.remove(reply.getXid());
            request.last.run();
        }
        return true;
    }

    /**
     * A batch fails only at its barrier reply, so its future still means "the switch is done with all of it";
     * the first error is the exception, later ones are attached as suppressed.
     */
    void errorReplied(long xid, OpenFlowErrorException error) {
        Map.Entry<Long, Batch> containing = batches.ceilingEntry(xid);
        if (containing != null && containing.getValue().firstXid <= xid) {
            Batch batch = containing.getValue();
            if (batch.error == null) {
                batch.error = error;
            } else {
                batch.error.addSuppressed(error);
            }
        }
        Multipart<?> request = multiparts.remove(xid);
        if (request != null) {
            fail(request.done, error);
        }
    }

    void failAll(RuntimeException cause) {
        batches.values().forEach(batch -> fail(batch.done, cause));
        multiparts.values().forEach(request -> fail(request.done, cause));
        batches.clear();
        multiparts.clear();
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        completions.execute(() -> future.complete(value));
    }

    private void fail(CompletableFuture<?> future, Throwable cause) {
        completions.execute(() -> future.completeExceptionally(cause));
    }

    private record Sent(long firstXid, List<OFMessage> messages) {
    }

    private static final class Batch {
        final long firstXid;
        final CompletableFuture<Void> done;
        OpenFlowErrorException error;

        Batch(long firstXid, CompletableFuture<Void> done) {
            this.firstXid = firstXid;
            this.done = done;
        }
    }

    private static final class Multipart<R extends OFStatsReply> {
        final OFStatsType type;
        /** Takes each part, on the event loop. */
        final Consumer<R> part;
        /** Runs after the last part was taken, on the event loop. */
        final Runnable last;
        /** Failed if the request fails. */
        final CompletableFuture<?> done;

        Multipart(OFStatsType type, Consumer<R> part, Runnable last, CompletableFuture<?> done) {
            this.type = type;
            this.part = part;
            this.last = last;
            this.done = done;
        }

        /** The type was checked against the request's, so the cast holds. @return true on the last part */
        @SuppressWarnings("unchecked")
        boolean add(OFStatsReply reply) {
            part.accept((R) reply);
            return !reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
        }
    }
}

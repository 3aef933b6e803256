package org.vtepmanager.ofcontroller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsType;

/**
 * What one session has sent and still expects an answer to, keyed by xid. Confined to the connection's event
 * loop. Futures are completed through {@code completions} so that whatever the caller chained onto them never runs
 * on a network thread.
 */
final class PendingRequests {

    /** Enough to explain an OFPT_ERROR for anything of the last few batches; older causes are forgotten. */
    static final int REMEMBERED_REQUESTS = 1024;

    private final Executor completions;
    private final Map<Long, OFMessage> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, OFMessage> eldest) {
            return size() > REMEMBERED_REQUESTS;
        }
    };
    private final Map<Long, Batch> batchByXid = new HashMap<>();
    private final Map<Long, Multipart<?>> multiparts = new HashMap<>();

    PendingRequests(Executor completions) {
        this.completions = completions;
    }

    void sent(OFMessage message) {
        recent.put(message.getXid(), message);
    }

    Optional<OFMessage> cause(long xid) {
        return Optional.ofNullable(recent.get(xid));
    }

    void expectBarrier(List<Long> batchXids, long barrierXid, CompletableFuture<Void> done) {
        Batch batch = new Batch(barrierXid, new ArrayList<>(batchXids), done);
        batch.xids.add(barrierXid);
        batch.xids.forEach(xid -> batchByXid.put(xid, batch));
    }

    <R extends OFStatsReply> void expectReplies(long xid, OFStatsType type, CompletableFuture<List<R>> done) {
        multiparts.put(xid, new Multipart<>(type, done));
    }

    /** @return false if no batch waits for this barrier */
    boolean barrierReplied(long xid) {
        Batch batch = batchByXid.get(xid);
        if (batch == null || batch.barrierXid != xid) {
            return false;
        }
        batch.xids.forEach(batchByXid::remove);
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
            request.finish(completions);
        }
        return true;
    }

    /**
     * A batch fails only at its barrier reply, so its future still means "the switch is done with all of it";
     * the first error is the exception, later ones are attached as suppressed.
     */
    void errorReplied(long xid, OpenFlowErrorException error) {
        Batch batch = batchByXid.get(xid);
        if (batch != null) {
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
        batchByXid.values().stream().distinct().forEach(batch -> fail(batch.done, cause));
        multiparts.values().forEach(request -> fail(request.done, cause));
        batchByXid.clear();
        multiparts.clear();
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        completions.execute(() -> future.complete(value));
    }

    private void fail(CompletableFuture<?> future, Throwable cause) {
        completions.execute(() -> future.completeExceptionally(cause));
    }

    private static final class Batch {
        final long barrierXid;
        final List<Long> xids;
        final CompletableFuture<Void> done;
        OpenFlowErrorException error;

        Batch(long barrierXid, List<Long> xids, CompletableFuture<Void> done) {
            this.barrierXid = barrierXid;
            this.xids = xids;
            this.done = done;
        }
    }

    private static final class Multipart<R extends OFStatsReply> {
        final OFStatsType type;
        final CompletableFuture<List<R>> done;
        final List<R> parts = new ArrayList<>();

        Multipart(OFStatsType type, CompletableFuture<List<R>> done) {
            this.type = type;
            this.done = done;
        }

        /** The type was checked against the request's, so the cast holds. @return true on the last part */
        @SuppressWarnings("unchecked")
        boolean add(OFStatsReply part) {
            parts.add((R) part);
            return !part.getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
        }

        void finish(Executor completions) {
            List<R> replies = List.copyOf(parts);
            completions.execute(() -> done.complete(replies));
        }
    }
}

package org.vtepmanager.web.push;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.mac.MacTableListener;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.web.api.ApiError;

/**
 * The dashboard's push channel, {@code GET /api/v1/events} as Server-Sent Events. Nothing is queued per client:
 * every {@value #FLUSH_MILLIS} ms each stream is topped up from the shared {@link EventFeed} by its own cursor, and
 * a topology change is sent as "changed, now N" (clients fetch {@code /api/v1/topology} themselves), so a burst of
 * changes costs each client one fetch. A client whose socket is not draining is skipped until it is; if it falls
 * further behind than the ring it gets a {@code gap} event instead of the lost lines. Memory per client is thus a
 * cursor plus at most one batch in its socket buffer, whatever the event rate; one whose socket stays full is
 * disconnected (see {@link SseStream}), so stalled clients cannot take every slot.
 */
public final class EventChannel {

    public static final int MAX_CLIENTS = 1000;
    static final long FLUSH_MILLIS = 250;
    /** A keep-alive every 15 s; a client whose socket stays full for two of them is gone or hostile. */
    private static final SseStream.Limits LIMITS = new SseStream.Limits(200, 15_000, 30_000);
    private static final int FEED_CAPACITY = 500;

    private final Vertx vertx;
    private final EventFeed feed;
    private final IntentStore intent;
    private final TopologyService topology;
    private final FeedSources sources;
    private final MacTables macs;
    private final Clock clock;
    /** A learn, move or aging changes the picture: clients refetch, as for any topology change. */
    private final MacTableListener macChanges;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final long timer;

    private EventChannel(Vertx vertx, IntentStore intent, TopologyService topology, MacTables macs, Clock clock) {
        this.vertx = vertx;
        this.feed = new EventFeed(FEED_CAPACITY, clock);
        this.intent = intent;
        this.topology = topology;
        this.sources = new FeedSources(feed, topology);
        this.macs = macs;
        this.clock = clock;
        this.macChanges = vni -> feed.changed();
        intent.addListener(sources);
        topology.addListener(sources);
        macs.addListener(macChanges);
        this.timer = vertx.setPeriodic(FLUSH_MILLIS, id -> streams.forEach(SseStream::scheduleFlush));
    }

    public static EventChannel start(Vertx vertx, IntentStore intent, TopologyService topology, MacTables macs,
            Clock clock) {
        return new EventChannel(vertx, intent, topology, macs, clock);
    }

    /** Opens a stream; {@code Last-Event-ID} (sent by a reconnecting EventSource) resumes after that entry. */
    public void open(RoutingContext ctx) {
        if (streams.size() >= MAX_CLIENTS) {
            throw new ApiError(503, "events", "too many open event streams (" + MAX_CLIENTS + ")");
        }
        long cursor = feed.cursorFor(ctx.request().getHeader("last-event-id"));
        SseStream stream = new SseStream(vertx.getOrCreateContext(), ctx.response(), feed, cursor, LIMITS, clock,
                streams::remove);
        streams.add(stream);
        stream.begin(hello());
    }

    /** Stops feeding: no more listeners, timer or streams. */
    public void close() {
        vertx.cancelTimer(timer);
        intent.removeListener(sources);
        topology.removeListener(sources);
        macs.removeListener(macChanges);
        streams.forEach(SseStream::end);
    }

    /** How many times the topology changed since start: a view rendered at the same count is still current. */
    public long changes() {
        return feed.changes();
    }

    public int openStreams() {
        return streams.size();
    }

    private JsonObject hello() {
        return new JsonObject().put("changes", feed.changes()).put("revision", intent.current().revision());
    }
}

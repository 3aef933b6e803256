package org.vtepmanager.web.push;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One client's event stream: its cursor into the feed and the last topology change it was told of. A client whose
 * socket has stayed full (its write queue never drained below the low-water mark between flushes) for
 * {@code stallMillis} is disconnected: it holds one of the channel's slots for nothing, and a browser's
 * EventSource that is merely slow reconnects and resumes from its Last-Event-ID.
 */
final class SseStream {

    private final Context context;
    private final HttpServerResponse response;
    private final EventFeed feed;
    private final int batch;
    private final long heartbeatMillis;
    private final long stallMillis;
    private final Clock clock;
    private final Consumer<SseStream> onClose;
    private long cursor;
    private long changesSent = -1;
    private long lastWriteMillis;
    /** When the socket was first found full in the current run of full flushes; -1 while it drains. */
    private long fullSinceMillis = -1;

    SseStream(Context context, HttpServerResponse response, EventFeed feed, long cursor, Limits limits,
            Clock clock, Consumer<SseStream> onClose) {
        this.context = context;
        this.response = response;
        this.feed = feed;
        this.cursor = cursor;
        this.batch = limits.batch();
        this.heartbeatMillis = limits.heartbeatMillis();
        this.stallMillis = limits.stallMillis();
        this.clock = clock;
        this.onClose = onClose;
    }

    /** Entries per flush at most; a keep-alive after this long without a write; a disconnect after this long full. */
    record Limits(int batch, long heartbeatMillis, long stallMillis) {
    }

    /** Sends the headers and the {@code hello} event now; the backlog follows on the next flushes. */
    void begin(JsonObject hello) {
        response.closeHandler(v -> onClose.accept(this));
        response.exceptionHandler(e -> onClose.accept(this));
        response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store").putHeader("x-accel-buffering", "no");
        changesSent = hello.getLong("changes");
        write(new StringBuilder("retry: 2000\n").append(event("hello", null, hello)));
    }

    /** Flushes on the stream's own event loop, where its response lives. */
    void scheduleFlush() {
        context.runOnContext(v -> flush());
    }

    void end() {
        context.runOnContext(v -> {
            if (!response.ended()) {
                response.end();
            }
        });
    }

    /** Tops the stream up now; must run on the stream's context (see {@link #scheduleFlush}). */
    void flush() {
        if (response.ended() || response.closed()) {
            onClose.accept(this);
            return;
        }
        if (response.writeQueueFull()) {
            skipOrDrop();
            return;
        }
        fullSinceMillis = -1;
        EventFeed.Slice slice = feed.since(cursor, batch);
        StringBuilder out = new StringBuilder();
        if (slice.gap()) {
            out.append(event("gap", null, new JsonObject().put("missedBefore", slice.entries().isEmpty()
                    ? cursor + 1 : slice.entries().get(0).seq())));
        }
        for (FeedEntry entry : slice.entries()) {
            out.append(event("log", feed.eventId(entry), entry.toJson()));
            cursor = entry.seq();
        }
        if (slice.changes() != changesSent) {
            changesSent = slice.changes();
            out.append(event("topology", null, new JsonObject().put("changes", changesSent)));
        }
        if (out.isEmpty() && clock.millis() - lastWriteMillis >= heartbeatMillis) {
            out.append(": keep-alive\n\n"); // lets proxies and the server notice a dead connection
        }
        if (!out.isEmpty()) {
            write(out);
        }
    }

    /** A slow reader is skipped (the ring keeps what it has not read yet) until it has stalled for too long. */
    private void skipOrDrop() {
        long now = clock.millis();
        if (fullSinceMillis < 0) {
            fullSinceMillis = now;
        } else if (now - fullSinceMillis >= stallMillis) {
            response.reset(); // on HTTP/1.1 a response not yet ended closes its connection
            onClose.accept(this);
        }
    }

    private void write(CharSequence text) {
        lastWriteMillis = clock.millis();
        response.write(text.toString());
    }

    private static String event(String name, String id, JsonObject data) {
        return (id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }
}

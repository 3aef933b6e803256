package org.vtepmanager.web.push;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/** One client's event stream: its cursor into the feed and the last topology change it was told of. */
final class SseStream {

    private final Context context;
    private final HttpServerResponse response;
    private final EventFeed feed;
    private final int batch;
    private final long heartbeatMillis;
    private final Consumer<SseStream> onClose;
    private long cursor;
    private long changesSent = -1;
    private long lastWriteMillis;

    SseStream(Context context, HttpServerResponse response, EventFeed feed, long cursor, int batch,
            long heartbeatMillis, Consumer<SseStream> onClose) {
        this.context = context;
        this.response = response;
        this.feed = feed;
        this.cursor = cursor;
        this.batch = batch;
        this.heartbeatMillis = heartbeatMillis;
        this.onClose = onClose;
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
            return; // a slow reader: skip it; the ring keeps what it has not read yet
        }
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
        if (out.isEmpty() && System.currentTimeMillis() - lastWriteMillis >= heartbeatMillis) {
            out.append(": keep-alive\n\n"); // lets proxies and the server notice a dead connection
        }
        if (!out.isEmpty()) {
            write(out);
        }
    }

    private void write(CharSequence text) {
        lastWriteMillis = System.currentTimeMillis();
        response.write(text.toString());
    }

    private static String event(String name, String id, JsonObject data) {
        return (id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }
}

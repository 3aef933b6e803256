package org.vtepmanager.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stream whose client does not read is skipped, not buffered for, and catches up from the ring when it drains. */
class SseStreamTest {

    private final Vertx vertx = Vertx.vertx();
    private final EventFeed feed = new EventFeed(10, Clock.systemUTC());
    private final List<String> written = new ArrayList<>();
    private boolean socketFull;

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aStalledClientGetsNothingWrittenThenTheBacklogWhenItDrains() throws Exception {
        SseStream stream = open();
        feed.append("network-created", FeedEntry.Level.INFO, "5000", "network 5000 'web' created");

        socketFull = true;
        flush(stream);
        assertThat(written).hasSize(1); // only the hello from open()

        socketFull = false;
        flush(stream);
        assertThat(written).hasSize(2);
        assertThat(written.get(1)).contains("event: log", "network 5000 'web' created");
    }

    @Test
    void aClientThatFellFurtherBehindThanTheRingIsToldOfTheGapAndGetsTheNewest() throws Exception {
        SseStream stream = open();
        socketFull = true;
        for (int i = 1; i <= 25; i++) {
            feed.append("network-created", FeedEntry.Level.INFO, String.valueOf(i), "network " + i + " created");
            feed.changed();
            flush(stream);
        }
        assertThat(written).hasSize(1);

        socketFull = false;
        flush(stream);
        String caughtUp = written.get(1);
        assertThat(caughtUp).contains("event: gap", "network 16 created", "network 25 created")
                .doesNotContain("network 15 created");
        assertThat(caughtUp.split("event: topology", -1)).as("one topology notice for 25 changes").hasSize(2);
    }

    private SseStream open() {
        SseStream stream = new SseStream(vertx.getOrCreateContext(), response(), feed, 0, 100, 60_000, s -> { });
        stream.begin(new JsonObject().put("changes", feed.changes()).put("revision", 0));
        return stream;
    }

    private void flush(SseStream stream) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            stream.flush();
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    /** A response that records writes and reports its socket full while {@link #socketFull} says so. */
    private HttpServerResponse response() {
        return (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServerResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "writeQueueFull" -> socketFull;
                    case "ended", "closed" -> false;
                    case "write" -> {
                        written.add(String.valueOf(args[0]));
                        yield null;
                    }
                    default -> method.getReturnType().isInstance(proxy) ? proxy : null;
                });
    }
}

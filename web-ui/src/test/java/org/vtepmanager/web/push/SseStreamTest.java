package org.vtepmanager.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream whose client does not read is skipped, not buffered for, catches up from the ring when it drains, and is
 * disconnected when it stays full too long.
 */
class SseStreamTest {

    private static final SseStream.Limits LIMITS = new SseStream.Limits(100, 60_000, 30_000);

    private final Vertx vertx = Vertx.vertx();
    private final ManualClock clock = new ManualClock();
    private final EventFeed feed = new EventFeed(10, clock);
    private final List<String> written = new ArrayList<>();
    private final List<SseStream> closedByStream = new ArrayList<>();
    private boolean socketFull;
    private boolean socketClosed;

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

    @Test
    void aClientWhoseSocketStaysFullForTheStallLimitIsDisconnectedAndGivesUpItsSlot() throws Exception {
        SseStream stream = open();
        socketFull = true;
        flush(stream);
        clock.advance(LIMITS.stallMillis() - 1);
        flush(stream);
        assertThat(socketClosed).as("still within the limit").isFalse();
        assertThat(closedByStream).isEmpty();

        clock.advance(1);
        flush(stream);
        assertThat(socketClosed).isTrue();
        assertThat(closedByStream).containsExactly(stream);
    }

    @Test
    void aSlowClientThatDrainsNowAndThenIsNeverDisconnected() throws Exception {
        SseStream stream = open();
        for (int i = 0; i < 10; i++) {
            socketFull = true;
            flush(stream);
            clock.advance(LIMITS.stallMillis() - 1);
            flush(stream);
            socketFull = false;
            flush(stream);
        }
        assertThat(socketClosed).isFalse();
        assertThat(closedByStream).isEmpty();
    }

    private SseStream open() {
        SseStream stream = new SseStream(vertx.getOrCreateContext(), response(), feed, 0, LIMITS, clock,
                closedByStream::add);
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
                    case "ended", "closed" -> socketClosed;
                    case "reset" -> {
                        socketClosed = true;
                        yield null;
                    }
                    case "write" -> {
                        written.add(String.valueOf(args[0]));
                        yield null;
                    }
                    default -> method.getReturnType().isInstance(proxy) ? proxy : null;
                });
    }

    /** Time that moves only when the test says so. */
    private static final class ManualClock extends Clock {

        private long millis = 1_000_000;

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

package org.vtepmanager.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real TCP client that opens the stream and never reads, against a real Vert.x server flooding it with events:
 * once its socket stays full for the stall limit, the server gives up the stream and closes the connection.
 */
class StalledClientTest {

    private static final SseStream.Limits LIMITS = new SseStream.Limits(200, 60_000, 1_000);
    private static final String KILOBYTE = "x".repeat(1024);

    private final Vertx vertx = Vertx.vertx();
    private final EventFeed feed = new EventFeed(500, Clock.systemUTC());
    private final CompletableFuture<SseStream> given = new CompletableFuture<>();
    private final CompletableFuture<SseStream> closed = new CompletableFuture<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedOnceItsSocketStaysFull() throws Exception {
        int port = startFloodingServer();
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4096); // small, so the server's buffers fill in a second, not a minute
            client.connect(new InetSocketAddress("127.0.0.1", port));
            client.getOutputStream().write("GET /events HTTP/1.1\r\nhost: test\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            SseStream stream = given.get(10, TimeUnit.SECONDS);
            assertThat(closed.get(30, TimeUnit.SECONDS)).as("the stream gave itself up").isSameAs(stream);
            assertThat(readsToTheEnd(client)).as("the server closed the connection").isTrue();
        }
    }

    /** Serves one stream, and every 20 ms appends 100 one-kilobyte entries and flushes it, as the channel would. */
    private int startFloodingServer() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            SseStream stream = new SseStream(vertx.getOrCreateContext(), request.response(), feed, 0, LIMITS,
                    Clock.systemUTC(), closed::complete);
            stream.begin(new JsonObject().put("changes", 0).put("revision", 0));
            vertx.setPeriodic(20, id -> {
                for (int i = 0; i < 100; i++) {
                    feed.append("flood", FeedEntry.Level.INFO, "test", KILOBYTE);
                }
                stream.flush();
            });
            given.complete(stream);
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    /** True when reading what is left ends in end-of-stream (or a reset) within 20 s. */
    private static boolean readsToTheEnd(Socket client) throws Exception {
        client.setSoTimeout(20_000);
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                continue;
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }
}

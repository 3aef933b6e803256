package org.vtepmanager.web;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream on a background thread and hands over its events one by one. */
final class SseClient implements AutoCloseable {

    record Event(String name, String id, JsonObject data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    SseClient(HttpClient http, URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("last-event-id", lastEventId);
        }
        response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> read(r.body()));
    }

    HttpResponse<Stream<String>> response() throws Exception {
        return response.get(10, TimeUnit.SECONDS);
    }

    /** The next event named {@code name} that satisfies {@code test}, skipping others; fails after {@code timeout}. */
    Event next(String name, Predicate<JsonObject> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no '" + name + "' event matching the test within " + timeout);
            }
            if (event.name().equals(name) && test.test(event.data())) {
                return event;
            }
        }
    }

    private void read(Stream<String> body) {
        lines = body;
        String[] current = {"message", null, ""};
        body.forEach(line -> {
            if (line.isEmpty()) {
                if (!current[2].isEmpty()) {
                    events.add(new Event(current[0], current[1], new JsonObject(current[2])));
                }
                current[0] = "message";
                current[1] = null;
                current[2] = "";
            } else if (line.startsWith("event: ")) {
                current[0] = line.substring(7);
            } else if (line.startsWith("id: ")) {
                current[1] = line.substring(4);
            } else if (line.startsWith("data: ")) {
                current[2] = line.substring(6);
            }
        });
    }

    @Override
    public void close() {
        response.cancel(true);
        if (lines != null) {
            lines.close();
        }
    }
}

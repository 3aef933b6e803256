package org.vtepmanager.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API of a manager the benchmark started, as far as benchmarks change it; a refusal is an exception. */
final class ManagerApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    ManagerApi(int port) {
        this.port = port;
    }

    /** Returns once the manager answers /health, within a minute of its start. */
    void awaitUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send(HttpRequest.newBuilder(uri("/health")).build()).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException e) {
                OvsdbServerFarm.sleep(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("manager did not answer on port " + port);
    }

    void post(String path, String json) {
        expectOk(send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()));
    }

    /** A JSON merge patch of the resource at {@code path}. */
    void patch(String path, String json) {
        expectOk(send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build()));
    }

    void delete(String path) {
        expectOk(send(HttpRequest.newBuilder(uri(path)).DELETE().build()));
    }

    void bind(String vtep, String port, int vlan, int vni) {
        post("/api/v1/bindings", "{\"vtep\":\"" + vtep + "\",\"port\":\"" + port + "\",\"vlan\":" + vlan
                + ",\"vni\":" + vni + "}");
    }

    /** Opens a stream (the dashboard's push channel), reads what comes first and closes it, as a closed tab does. */
    void listenBriefly(String path) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                body.readNBytes(1);
            }
        } catch (IOException e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expectOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": "
                    + response.statusCode() + " " + response.body());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

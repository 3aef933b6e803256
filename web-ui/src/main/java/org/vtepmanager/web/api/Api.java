package org.vtepmanager.web.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;

/**
 * The REST API under {@code /api/v1}, described by {@code /api/openapi.json}. Reads come from in-memory snapshots on
 * the event loop; every write goes through {@link #apply}, which runs the store's blocking commit on a worker.
 */
public final class Api {

    /** Requests are small JSON objects; anything bigger is a mistake or an attack. */
    public static final int BODY_LIMIT = 64 * 1024;
    public static final String BASE = "/api/v1";
    private static final String OPENAPI = "/api/openapi.json";

    private final Vertx vertx;
    private final ApiServices services;

    private Api(Vertx vertx, ApiServices services) {
        this.vertx = vertx;
        this.services = services;
    }

    /** Adds every API route, the OpenAPI document and the JSON error handling to {@code router}. */
    public static void mount(Vertx vertx, Router router, ApiServices services) {
        Api api = new Api(vertx, services);
        Buffer openApi = resource("/api/openapi.json");
        router.get(OPENAPI).handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApi));
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.get(BASE + "/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")
                .put("revision", services.intent().current().revision())));
        NetworkResource.mount(router, api);
        BindingResource.mount(router, api);
        VtepResource.mount(router, api);
        MacResource.mount(router, api);
        router.get(BASE + "/topology").handler(ctx -> ctx.json(
                JsonViews.topology(services.topology().topology(), services.clock().millis())));
        Errors.install(router);
    }

    ApiServices services() {
        return services;
    }

    /** Commits {@code change} on a worker thread, in submission order; fails with the store's refusal. */
    Future<Intent> apply(IntentChange change) {
        return vertx.executeBlocking(() -> services.intent().apply(change));
    }

    static void created(RoutingContext ctx, String location, JsonObject body) {
        ctx.response().setStatusCode(201).putHeader("location", location).putHeader("content-type", "application/json")
                .end(body.encode());
    }

    private static Buffer resource(String path) {
        try (InputStream in = Api.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + path + " is missing from the web-ui jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("classpath resource " + path + " cannot be read", e);
        }
    }
}

package org.vtepmanager.web.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.web.Classpath;
import org.vtepmanager.web.push.EventChannel;

/**
 * The REST API under {@code /api/v1}, described by {@code /api/openapi.json}. Reads come from in-memory snapshots;
 * the views that grow with the network (topology, MAC tables, the lists of networks, bindings and VTEPs) are built
 * by {@link #render} on a worker, and every write goes through {@link #apply}, which runs the store's blocking
 * commit on a worker.
 */
public final class Api {

    /** Requests are small JSON objects; anything bigger is a mistake or an attack. */
    public static final int BODY_LIMIT = 64 * 1024;
    public static final String BASE = "/api/v1";
    private static final String OPENAPI = "/api/openapi.json";
    /** How stale a shared topology may be in what moves without a change event (last-seen times). */
    private static final long TOPOLOGY_MAX_AGE_MILLIS = 1_000;

    private final Vertx vertx;
    private final ApiServices services;
    private final EventChannel events;
    private final SharedRender topologies = new SharedRender(TOPOLOGY_MAX_AGE_MILLIS);

    private Api(Vertx vertx, ApiServices services) {
        this.vertx = vertx;
        this.services = services;
        this.events = EventChannel.start(vertx, services.intent(), services.topology(), services.macs(),
                services.clock());
    }

    /**
     * {@code {"status":"UP","revision":N}}: the manager answers, and which intent it serves; {@code DEGRADED}, with
     * the reason as {@code store}, while its intent store cannot write. It still answers 200 then: it serves reads
     * and keeps the switches programmed, and a restart would not give it a disk.
     */
    public static void health(RoutingContext ctx, ApiServices services) {
        Optional<String> failure = services.intent().writeFailure();
        JsonObject health = new JsonObject().put("status", failure.isEmpty() ? "UP" : "DEGRADED")
                .put("revision", services.intent().current().revision());
        failure.ifPresent(why -> health.put("store", "cannot write: " + why));
        ctx.json(health);
    }

    /**
     * Adds every API route, the OpenAPI document and the JSON error handling to {@code router}, changes guarded by
     * {@code access}; the returned API must be {@link #close closed} to stop its event channel.
     */
    public static Api mount(Vertx vertx, Router router, ApiServices services, WriteAccess access) {
        Api api = new Api(vertx, services);
        Buffer openApi = Classpath.read("/api/openapi.json");
        router.get(OPENAPI).handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApi));
        // Before the body is read: a write without the token is refused before its body costs anything.
        router.route(BASE + "/*").handler(access::check);
        IntentResource.mountBodyHandler(router);
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.get(BASE + "/health").handler(ctx -> health(ctx, services));
        NetworkResource.mount(router, api);
        BindingResource.mount(router, api);
        VtepResource.mount(router, api);
        MacResource.mount(router, api);
        IntentResource.mount(router, api);
        router.get(BASE + "/topology").handler(api::topology);
        router.get(BASE + "/events").handler(api.events::open);
        Errors.install(router);
        return api;
    }

    /** Ends the event streams and stops listening to the core services. */
    public void close() {
        events.close();
    }

    ApiServices services() {
        return services;
    }

    /**
     * Commits {@code change}, asked for through {@code ctx}, on a worker thread, in submission order; fails with the
     * store's refusal. Each change made is logged at INFO with who asked for it: the audit trail of intent.
     */
    Future<Intent> apply(RoutingContext ctx, IntentChange change) {
        String caller = WriteAccess.caller(ctx);
        String client = client(ctx);
        return vertx.executeBlocking(() -> services.intent().apply(change, caller))
                .onSuccess(intent -> IntentAudit.changed(change, intent.revision(), caller, client));
    }

    /** Changes committed together, and the intent after the last of them. */
    record Applied(List<IntentChange> changes, Intent intent) {
    }

    /**
     * Plans changes from intent as it is, with {@code planner}, and commits them together ({@link
     * IntentStore#applyAll}), on a worker in submission order with every other write; each change made is audited.
     * Fails with the planner's refusal or the store's, and then nothing is written.
     */
    Future<Applied> applyAll(RoutingContext ctx, Function<Intent, List<IntentChange>> planner) {
        String caller = WriteAccess.caller(ctx);
        String client = client(ctx);
        return vertx.executeBlocking(() -> {
            List<IntentChange> changes = planner.apply(services.intent().current());
            return new Applied(changes, commitAll(services.intent(), changes, caller, client));
        });
    }

    /** Commits {@code changes} together, each audited with its own revision; the intent after the last. */
    static Intent commitAll(IntentStore store, List<IntentChange> changes, String caller, String client) {
        Intent intent = store.applyAll(changes, caller);
        long revision = intent.revision() - changes.size();
        for (IntentChange change : changes) {
            IntentAudit.changed(change, ++revision, caller, client);
        }
        return intent;
    }

    /** The address a request came from, as its TCP connection says (a proxy's, behind one). */
    static String client(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    /**
     * Builds and encodes {@code view} on a worker, unordered so reads run side by side, and sends it: a topology
     * with thousands of endpoints takes tens of milliseconds to render, too long to hold the event loop.
     */
    void render(RoutingContext ctx, Callable<Object> view) {
        send(ctx, encode(view));
    }

    /** The topology every dashboard fetches on each change: rendered once per change (see {@link SharedRender}). */
    private void topology(RoutingContext ctx) {
        send(ctx, topologies.get(events.changes(), services.clock().millis(), () -> encode(
                () -> JsonViews.topology(services.topology().topology(), services.clock().millis()))));
    }

    private Future<Buffer> encode(Callable<Object> view) {
        return vertx.executeBlocking(() -> Json.encodeToBuffer(view.call()), false);
    }

    /** Answers on the request's own context: a shared render completes on the context of the request that began it. */
    private void send(RoutingContext ctx, Future<Buffer> body) {
        Context context = vertx.getOrCreateContext();
        body.onComplete(result -> context.runOnContext(v -> {
            if (result.succeeded()) {
                ctx.response().putHeader("content-type", "application/json").end(result.result());
            } else {
                ctx.fail(result.cause());
            }
        }));
    }

    static void created(RoutingContext ctx, String location, JsonObject body) {
        ctx.response().setStatusCode(201).putHeader("location", location).putHeader("content-type", "application/json")
                .end(body.encode());
    }
}

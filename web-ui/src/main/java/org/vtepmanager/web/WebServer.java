package org.vtepmanager.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.vtepmanager.web.api.Api;
import org.vtepmanager.web.api.ApiServices;

/** The manager's HTTP endpoint: REST API and dashboard. */
public final class WebServer {

    private final HttpServer server;

    private WebServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and completes once the server accepts connections. */
    public static Future<WebServer> start(Vertx vertx, String host, int port, ApiServices services) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        Api.mount(vertx, router, services);
        return vertx.createHttpServer().requestHandler(router).listen(port, host).map(WebServer::new);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }
}

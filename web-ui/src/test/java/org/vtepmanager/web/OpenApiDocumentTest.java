package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.web.api.Api;
import org.vtepmanager.web.api.ApiServices;
import org.vtepmanager.web.api.WriteAccess;

/** The served OpenAPI document and the router describe the same operations, so the contract cannot drift. */
class OpenApiDocumentTest {

    @TempDir
    Path dir;

    @Test
    void documentIsServedAndListsExactlyTheRoutedOperations() throws Exception {
        JsonObject document;
        Set<String> routed = new TreeSet<>();
        ApiFixture api = new ApiFixture(dir);
        try {
            HttpResponse<String> response = api.get("/api/openapi.json");
            assertThat(response.statusCode()).isEqualTo(200);
            document = new JsonObject(response.body());
            Vertx vertx = Vertx.vertx();
            try {
                Router router = Router.router(vertx);
                router.get("/health").handler(ctx -> ctx.end());
                Api mounted = Api.mount(vertx, router,
                        new ApiServices(api.store, api.macs, api.topology, Clock.systemUTC()), WriteAccess.open());
                mounted.close();
                for (Route route : router.getRoutes()) {
                    for (HttpMethod method : route.methods() == null ? Set.<HttpMethod>of() : route.methods()) {
                        routed.add(method.name().toLowerCase() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}"));
                    }
                }
            } finally {
                vertx.close();
            }
        } finally {
            api.close();
        }

        Set<String> documented = new TreeSet<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            paths.getJsonObject(path).fieldNames().stream().filter(key -> !key.equals("parameters"))
                    .forEach(method -> documented.add(method + " " + path));
        }
        assertThat(document.getString("openapi")).startsWith("3.");
        assertThat(documented).isEqualTo(routed);
        assertThat(routed).contains("post /api/v1/networks", "delete /api/v1/macs/{vni}/{mac}", "get /api/v1/topology",
                "get /api/v1/events");
    }
}

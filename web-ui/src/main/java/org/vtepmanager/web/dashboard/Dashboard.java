package org.vtepmanager.web.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.vtepmanager.web.Classpath;

/**
 * The live dashboard: {@code GET /} and its assets under {@code /ui/}, held in memory from start-up. The graph
 * library comes from its WebJar on the classpath, so the page needs nothing from the internet; the CSP says so too.
 */
public final class Dashboard {

    private static final List<String> ASSETS = List.of("dashboard.css", "main.js", "api.js", "feed.js", "model.js",
            "graph.js", "graph-style.js", "tables.js", "forms.js", "details.js", "dom.js");
    private static final String WEBJAR = "/META-INF/resources/webjars/cytoscape/";
    /** Cytoscape injects its container's style element at run time, hence inline styles; scripts stay 'self' only. */
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

    private Dashboard() {
    }

    public static void mount(Router router) {
        Buffer index = Classpath.read("/dashboard/index.html");
        router.get("/").handler(ctx -> send(ctx, index, "text/html; charset=utf-8"));
        for (String asset : ASSETS) {
            Buffer bytes = Classpath.read("/dashboard/" + asset);
            String type = asset.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            router.get("/ui/" + asset).handler(ctx -> send(ctx, bytes, type));
        }
        Buffer cytoscape = Classpath.read(WEBJAR + cytoscapeVersion() + "/dist/cytoscape.min.js");
        router.get("/ui/vendor/cytoscape.min.js").handler(ctx -> send(ctx, cytoscape, "text/javascript; charset=utf-8"));
    }

    private static void send(RoutingContext ctx, Buffer body, String type) {
        ctx.response().putHeader("content-type", type).putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff").putHeader("content-security-policy", CSP).end(body);
    }

    /** The WebJar's own record of its version, so the pom's pin is the only place the version is written. */
    private static String cytoscapeVersion() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Classpath.read("/META-INF/maven/org.webjars.npm/cytoscape/pom.properties")
                    .toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}

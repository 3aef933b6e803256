package org.vtepmanager.web.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.vtepmanager.web.Classpath;

/**
 * The live dashboard: {@code GET /} and its assets under {@code /ui/}, held in memory from start-up. The graph
 * library and its layout come from their WebJars on the classpath, so the page needs nothing from the internet;
 * the Content-Security-Policy says so too.
 */
public final class Dashboard {

    private static final List<String> ASSETS = List.of("dashboard.css", "main.js", "api.js", "feed.js", "model.js",
            "graph.js", "graph-style.js", "tables.js", "forms.js", "details.js", "dom.js");
    /** WebJar artifact → its browser build (UMD, sets a global), served as {@code /ui/vendor/ARTIFACT.js}. */
    private static final Map<String, String> VENDOR = Map.of("cytoscape", "dist/cytoscape.min.js",
            "layout-base", "layout-base.js", "cose-base", "cose-base.js", "cytoscape-fcose", "cytoscape-fcose.js");
    /** Cytoscape injects its container's style element at run time, hence inline styles; scripts stay 'self' only. */
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
    private static final String JS = "text/javascript; charset=utf-8";

    private Dashboard() {
    }

    public static void mount(Router router) {
        Buffer index = Classpath.read("/dashboard/index.html");
        router.get("/").handler(ctx -> send(ctx, index, "text/html; charset=utf-8"));
        for (String asset : ASSETS) {
            Buffer bytes = Classpath.read("/dashboard/" + asset);
            router.get("/ui/" + asset).handler(ctx -> send(ctx, bytes, asset.endsWith(".css") ? "text/css" : JS));
        }
        VENDOR.forEach((artifact, file) -> {
            Buffer bytes = Classpath.read("/META-INF/resources/webjars/" + artifact + "/"
                    + version(artifact) + "/" + file);
            router.get("/ui/vendor/" + artifact + ".js").handler(ctx -> send(ctx, bytes, JS));
        });
    }

    private static void send(RoutingContext ctx, Buffer body, String type) {
        ctx.response().putHeader("content-type", type).putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff").putHeader("content-security-policy", CSP).end(body);
    }

    /** The WebJar's own record of its version, so the parent pom's pin is the only place a version is written. */
    private static String version(String artifact) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(
                    Classpath.read("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}

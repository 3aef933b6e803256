package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard page and everything it loads come from this server; nothing from the internet. */
class DashboardTest extends ApiTestBase {

    private static final Pattern HTML_REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern JS_IMPORT = Pattern.compile("from '\\./([^']+)'");


    @Test
    void thePageAndEveryScriptStyleAndModuleItReferencesAreServedLocally() throws Exception {
        HttpResponse<String> page = api.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).startsWith("default-src 'self'"));

        Deque<String> pending = new ArrayDeque<>();
        Matcher references = HTML_REFERENCE.matcher(page.body());
        while (references.find()) {
            String reference = references.group(1);
            assertThat(reference).as("page reference").matches("/.*|data:.*");
            if (reference.startsWith("/")) {
                pending.add(reference);
            }
        }
        assertThat(pending).contains("/ui/vendor/cytoscape.js", "/ui/main.js", "/ui/dashboard.css");

        Set<String> fetched = new HashSet<>();
        while (!pending.isEmpty()) {
            String path = pending.remove();
            if (!fetched.add(path)) {
                continue;
            }
            HttpResponse<String> asset = api.get(path);
            assertThat(asset.statusCode()).as(path).isEqualTo(200);
            Matcher imports = JS_IMPORT.matcher(asset.body());
            while (path.startsWith("/ui/") && !path.startsWith("/ui/vendor/") && imports.find()) {
                pending.add("/ui/" + imports.group(1));
            }
        }
        assertThat(fetched).contains("/ui/graph.js", "/ui/model.js", "/ui/vendor/cytoscape-fcose.js");
    }
}

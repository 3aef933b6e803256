package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.it.browser.HeadlessChromium;
import org.vtepmanager.web.api.WriteAccess;

/**
 * The dashboard stays readable at the size the issue names: 50 VTEPs in a full tunnel mesh (1,225 tunnels) with
 * 2,000 endpoints. No lab: the web server runs on its own store and the VTEPs' ports are reported as the southbound
 * would report them, so only Chromium is needed.
 */
class DashboardAtScaleBrowserTest {

    private static final int VTEPS = 50;
    private static final int PORTS = 40;
    private static final Duration DRAWN = Duration.ofSeconds(90);
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "topology-at-scale.png");

    @TempDir
    Path dir;
    private StandaloneWebServer web;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startServer() throws Exception {
        web = StandaloneWebServer.start(dir, WriteAccess.open());
    }

    @AfterEach
    void stopServer() throws Exception {
        web.close();
    }

    @Test
    void fiftyVtepsWithTwoThousandEndpointsDrawAsBoxesAndASearchOpensTheOneThatHoldsTheMac() throws Exception {
        buildOverlay();
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get(web.url("/"));
            chromium.waiting(DRAWN).withMessage(chromium::describePage)
                    .until(d -> ids(chromium).stream().filter(id -> id.startsWith("v:")).count() == VTEPS);

            List<String> drawn = ids(chromium);
            assertThat(drawn).filteredOn(id -> id.startsWith("s:")).hasSize(VTEPS);
            assertThat(drawn).noneMatch(id -> id.startsWith("e:") || id.startsWith("t:"));
            assertThat(chromium.driver().findElement(By.id("graph-hint")).getText()).startsWith("1225 tunnels");
            assertThat(chromium.consoleErrors()).isEmpty();

            chromium.driver().findElement(By.id("search")).sendKeys(mac(17, 23));
            chromium.waiting(DRAWN).until(d -> ids(chromium).contains("e:hv17:" + mac(17, 23)));
            List<String> searched = ids(chromium);
            assertThat(searched).filteredOn(id -> id.startsWith("e:hv17:")).hasSize(PORTS);
            assertThat(searched).filteredOn(id -> id.startsWith("t:")).hasSize(VTEPS - 1)
                    .allMatch(id -> id.contains("hv17"));
            chromium.screenshot(SCREENSHOT);
        }
    }

    @Test
    void aTunnelCarryingAHundredNetworksIsLabelledWithThreeOfThemAndACount() throws Exception {
        for (int v = 1; v <= 2; v++) {
            post("/api/v1/vteps", new JsonObject().put("id", vtep(v)).put("kind", "hypervisor")
                    .put("ovsdbTarget", "tcp:192.0.2." + v + ":6640").put("tunnelIp", "192.0.2." + v));
        }
        for (int n = 0; n < 100; n++) {
            post("/api/v1/networks", new JsonObject().put("vni", 5000 + n).put("name", "n" + n));
            for (int v = 1; v <= 2; v++) {
                post("/api/v1/bindings", new JsonObject().put("vtep", vtep(v)).put("port", "vm1").put("vlan", 1 + n)
                        .put("vni", 5000 + n));
            }
        }
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get(web.url("/"));
            chromium.waiting(DRAWN).withMessage(chromium::describePage)
                    .until(d -> ids(chromium).stream().anyMatch(id -> id.startsWith("t:")));

            List<String> tunnels = labels(chromium).entrySet().stream().filter(e -> e.getKey().startsWith("t:"))
                    .map(Map.Entry::getValue).toList();
            assertThat(tunnels).containsExactly("VNI 5000, 5001, 5002 +97 more");
            assertThat(chromium.consoleErrors()).isEmpty();
        }
    }

    /** One network bound on every VTEP (hence a full mesh) and 40 VM ports reported on each. */
    private void buildOverlay() throws Exception {
        post("/api/v1/networks", new JsonObject().put("vni", 5000).put("name", "web"));
        for (int v = 1; v <= VTEPS; v++) {
            post("/api/v1/vteps", new JsonObject().put("id", vtep(v)).put("kind", "hypervisor")
                    .put("ovsdbTarget", "tcp:192.0.2." + v + ":6640").put("tunnelIp", "192.0.2." + v));
            post("/api/v1/bindings", new JsonObject().put("vtep", vtep(v)).put("port", "vm1").put("vlan", 0)
                    .put("vni", 5000));
        }
        for (int v = 1; v <= VTEPS; v++) {
            int vtep = v;
            List<SwitchPort> ports = IntStream.rangeClosed(1, PORTS).mapToObj(p -> new SwitchPort("vm" + p, p,
                    Optional.of(MacAddress.parse(mac(vtep, p))), Optional.of(vtep(vtep) + "-vm" + p),
                    OptionalInt.of(1450))).toList();
            web.topology.reportVtep(new VtepObservation(VtepId.of(vtep(v)), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("192.0.2." + v)), ports, List.of()));
        }
    }

    private static String vtep(int v) {
        return "hv" + v;
    }

    private static String mac(int vtep, int port) {
        return String.format("02:00:00:00:%02x:%02x", vtep, port);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(HeadlessChromium chromium) {
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) chromium.driver()
                .executeScript("return window.vtepDashboard ? window.vtepDashboard.drawn() : [];");
        return drawn.stream().map(el -> (String) el.get("id")).toList();
    }

    /** Each element drawn, by id, with its label. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(HeadlessChromium chromium) {
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) chromium.driver()
                .executeScript("return window.vtepDashboard.drawn();");
        Map<String, String> labels = new TreeMap<>();
        drawn.forEach(el -> labels.put((String) el.get("id"), String.valueOf(el.get("label"))));
        return labels;
    }

    private void post(String path, JsonObject body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(web.url(path))).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
    }
}

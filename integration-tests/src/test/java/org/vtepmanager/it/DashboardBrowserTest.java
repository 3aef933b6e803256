package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.vtepmanager.it.browser.BrowserAssumptions;
import org.vtepmanager.it.browser.HeadlessChromium;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.TorSwitch;

/**
 * The dashboard in real headless Chromium against the real manager and a real lab: two hypervisors with VMs, an
 * emulated ToR with a server, and a third hypervisor that joins while the page is open. One lab for the class (they
 * are slow to build); the screenshot test runs first and the join last, so the picture shows the lab as built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    /** Tables re-render on every topology change; reading one element of them is retried this often. */
    private static final int READ_ATTEMPTS = 5;
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "topology.png");

    private Lab lab;
    private RunningManager manager;
    private Hypervisor hv3;
    private Map<String, Endpoint> endpoints;

    @BeforeAll
    void startLabAndManager(@TempDir Path dataDir) {
        LabAssumptions.requireLab();
        BrowserAssumptions.requireChromium();
        lab = Lab.create();
        Hypervisor hv1 = lab.addHypervisor("hv1");
        Hypervisor hv2 = lab.addHypervisor("hv2");
        hv3 = lab.addHypervisor("hv3");
        TorSwitch tor = lab.addTor("tor1");
        endpoints = Map.of(
                "vm1", lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:07:01", "10.70.0.1/24")),
                "vm2", lab.addVm("vm2", hv2, EndpointSpec.untagged("02:00:00:00:07:02", "10.70.0.2/24")),
                "vm3", lab.addVm("vm3", hv1, EndpointSpec.untagged("02:00:00:00:07:03", "10.71.0.3/24")),
                "bm1", lab.addServer("bm1", tor, EndpointSpec.untagged("02:00:00:00:07:04", "10.70.0.4/24")));
        manager = RunningManager.start(lab, dataDir, List.of());
        declareOverlay(hv1, hv2, tor);
    }

    @AfterAll
    void stopAll() {
        try {
            if (manager != null) {
                manager.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
                assertThat(lab.leftovers()).isEmpty();
            }
        }
    }

    @Test
    @Order(1)
    void thePageLoadsWithoutConsoleErrorsAndDrawsTheLabsHypervisorsTorEndpointsAndTunnels() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            open(chromium);
            List<String> wanted = List.of(vtepNode("hv1"), vtepNode("hv2"), vtepNode("tor1"),
                    endpointNode("hv1", "vm1"), endpointNode("hv2", "vm2"), endpointNode("hv1", "vm3"),
                    endpointNode("tor1", "bm1"));
            awaitDrawn(chromium, "the lab's VTEPs, endpoints and three tunnels", drawn ->
                    ids(drawn).containsAll(wanted) && ids(drawn).stream().filter(id -> id.startsWith("t:")).count() == 3
                            && label(drawn, vtepNode("hv1")).contains("connected"));

            chromium.screenshot(SCREENSHOT);
            assertThat(SCREENSHOT).isNotEmptyFile();
            assertThat(chromium.consoleErrors()).isEmpty();
            assertThat(text(chromium.driver(), "#vteps")).contains("hv1", "tor1", "hardware-vtep")
                    .doesNotContain("disconnected");
            assertThat(text(chromium.driver(), "#vteps tr[data-vtep='tor1']")).as("registered with its tunnel IP")
                    .contains("(configured)");
            assertThat(text(chromium.driver(), "#vteps tr[data-vtep='hv1']")).as("its switch's own")
                    .doesNotContain("(configured)");
            assertThat(text(chromium.driver(), "#macs")).contains(endpoints.get("bm1").mac(), "static");
        }
    }

    @Test
    @Order(2)
    void aNetworkCreatedThroughTheFormAppearsLiveAndARefusalIsShownAtItsField() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            submitNetwork(page, "seven", "blue");
            WebElement vniError = page.findElement(By.cssSelector("#network-form [data-error-for=vni]"));
            chromium.waiting(CONVERGE).until(d -> vniError.getText().contains("is not an integer"));
            assertThat(page.findElement(By.cssSelector("#network-form [name=vni]")).getAttribute("aria-invalid"))
                    .isEqualTo("true");

            submitNetwork(page, "7000", "blue");
            chromium.waiting(CONVERGE)
                    .until(d -> !d.findElements(By.cssSelector("#networks tr[data-vni='7000']")).isEmpty());
            assertThat(text(page, "#networks tr[data-vni='7000']")).contains("blue");
            assertThat(vniError.getText()).isEmpty();
            assertThat(text(page, "#vni-filter")).contains("7000 blue");
            chromium.waiting(CONVERGE).until(d -> text(d, "#events").contains("network 7000 'blue' created"));
        }
    }

    @Test
    @Order(2)
    void aNetworksReplicationIsChosenInTheFormAndABadServiceNodeIsShownAtItsField() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            new Select(page.findElement(By.cssSelector("#network-form [name='replication.mode']")))
                    .selectByValue("service-node");
            WebElement serviceNodes =
                    page.findElement(By.cssSelector("#network-form [name='replication.serviceNodes']"));
            serviceNodes.sendKeys("10.99.0.9, 300.1.1.1");
            submitNetwork(page, "7001", "green");
            WebElement error =
                    page.findElement(By.cssSelector("#network-form [data-error-for='replication.serviceNodes']"));
            chromium.waiting(CONVERGE).until(d -> error.getText().contains("[1] '300.1.1.1' is not an IPv4"));
            assertThat(serviceNodes.getAttribute("aria-invalid")).isEqualTo("true");

            serviceNodes.clear();
            serviceNodes.sendKeys("10.99.0.9 10.99.0.10");
            submitNetwork(page, "7001", "green");
            chromium.waiting(CONVERGE)
                    .until(d -> !d.findElements(By.cssSelector("#networks tr[data-vni='7001']")).isEmpty());
            assertThat(text(page, "#networks tr[data-vni='7001']")).contains("service-node via 10.99.0.9, 10.99.0.10");
            assertThat(manager.get("/api/v1/networks/7001").body())
                    .contains("\"mode\":\"service-node\"", "\"serviceNodes\":[\"10.99.0.9\",\"10.99.0.10\"]");
        }
    }

    @Test
    @Order(2)
    void editingANetworkInTheFormReplacesItsReplicationAndKeepsItsVni() {
        post("/api/v1/networks", new JsonObject().put("vni", 7002).put("name", "amber").put("mtu", 1400));
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            chromium.waiting(CONVERGE)
                    .until(d -> !d.findElements(By.cssSelector("#networks tr[data-vni='7002']")).isEmpty());
            chromium.waiting(CONVERGE).until(d -> {
                d.findElement(By.cssSelector("#networks button.edit-network[data-vni='7002']")).click();
                return true;
            });
            WebElement vni = page.findElement(By.cssSelector("#network-form [name=vni]"));
            WebElement submit = page.findElement(By.cssSelector("#network-form button[type=submit]"));
            assertThat(vni.getAttribute("value")).isEqualTo("7002");
            assertThat(vni.getAttribute("readonly")).isNotNull();
            assertThat(page.findElement(By.cssSelector("#network-form [name=mtu]")).getAttribute("value"))
                    .isEqualTo("1400");
            assertThat(submit.getText()).isEqualTo("save network");

            new Select(page.findElement(By.cssSelector("#network-form [name='replication.mode']")))
                    .selectByValue("service-node");
            page.findElement(By.cssSelector("#network-form [name='replication.serviceNodes']")).sendKeys("10.99.0.11");
            submit.click();

            chromium.waiting(CONVERGE).until(d -> {
                String row = text(d, "#networks tr[data-vni='7002']");
                return row.contains("service-node via 10.99.0.11") && row.contains("amber") && row.contains("1400");
            });
            assertThat(manager.get("/api/v1/networks/7002").body())
                    .contains("\"name\":\"amber\"", "\"mode\":\"service-node\"");
            assertThat(submit.getText()).as("back to creating").isEqualTo("create network");
            assertThat(vni.getAttribute("readonly")).isNull();
            assertThat(vni.getAttribute("value")).isEmpty();
        }
    }

    @Test
    @Order(3)
    void filteringByVniKeepsOnlyItsEndpointsAndSearchingByMacMarksTheMatch() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            awaitDrawn(chromium, "the lab's endpoints", drawn -> ids(drawn).contains(endpointNode("hv1", "vm3")));

            new Select(page.findElement(By.id("vni-filter"))).selectByValue("6000");
            awaitDrawn(chromium, "only VNI 6000", drawn -> ids(drawn).contains(endpointNode("hv1", "vm3"))
                    && !ids(drawn).contains(endpointNode("hv1", "vm1"))
                    && !ids(drawn).contains(endpointNode("hv2", "vm2")));
            assertThat(text(page, "#bindings")).contains("t-vm3").doesNotContain("t-vm1");

            new Select(page.findElement(By.id("vni-filter"))).selectByValue("");
            page.findElement(By.id("search")).sendKeys(endpoints.get("vm2").mac());
            awaitDrawn(chromium, "vm2 marked as the match", drawn ->
                    classes(drawn, endpointNode("hv2", "vm2")).contains("match")
                            && classes(drawn, endpointNode("hv1", "vm1")).contains("faded"));
            assertThat(text(page, "#search-result")).isEqualTo("1 match");
        }
    }

    /** Each delete button asks first; a refusal shows under its table, and a delete takes the row away. */
    @Test
    @Order(3)
    void deleteButtonsAskFirstShowARefusalUnderTheirTableAndTakeTheRowAway() {
        String port = endpoints.get("vm2").switchPort();
        post("/api/v1/networks", new JsonObject().put("vni", 7100).put("name", "plum"));
        post("/api/v1/bindings", new JsonObject().put("vtep", "hv2").put("port", port).put("vlan", 5).put("vni", 7100));
        post("/api/v1/macs", new JsonObject().put("vni", 7100).put("mac", "02:00:00:00:71:01").put("vtep", "tor1"));
        String network = "#networks button.delete[data-path='/api/v1/networks/7100']";
        String binding = "#bindings button.delete[data-path='/api/v1/bindings/hv2/" + port + "/5']";
        String mac = "#macs button.delete[data-path='/api/v1/macs/7100/02:00:00:00:71:01']";
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);

            click(chromium, network);
            page.switchTo().alert().dismiss();
            assertThat(manager.get("/api/v1/networks/7100").statusCode()).as("not deleted when not confirmed")
                    .isEqualTo(200);

            click(chromium, network);
            assertThat(page.switchTo().alert().getText()).isEqualTo("Delete network 7100?");
            page.switchTo().alert().accept();
            chromium.waiting(CONVERGE).until(d -> text(d, "#networks ~ .action-error")
                    .startsWith("vni: network 7100 is still bound: hv2/" + port + " vlan 5 -> vni 7100"));

            for (String button : List.of(binding, mac, network)) {
                click(chromium, button);
                page.switchTo().alert().accept();
                chromium.waiting(CONVERGE).until(d -> d.findElements(By.cssSelector(button)).isEmpty());
            }
            assertThat(manager.get("/api/v1/networks/7100").statusCode()).isEqualTo(404);
            assertThat(text(page, "#networks ~ .action-error")).as("cleared by the next delete there").isEmpty();
        }
    }

    /** A binding's "edit" loads it into the binding form, which then moves it to another network (PUT). */
    @Test
    @Order(3)
    void editingABindingMovesItToAnotherNetworkAndARefusalIsShownAtItsField() {
        String port = endpoints.get("vm2").switchPort();
        post("/api/v1/networks", new JsonObject().put("vni", 7200).put("name", "teal"));
        post("/api/v1/bindings", new JsonObject().put("vtep", "hv2").put("port", port).put("vlan", 6).put("vni", 6000));
        String key = "hv2/" + port + "/6";
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            click(chromium, "#bindings button.edit-binding[data-key='" + key + "']");
            assertThat(page.findElement(By.cssSelector("#binding-form [name=port]")).getAttribute("readonly"))
                    .isNotNull();
            assertThat(page.findElement(By.cssSelector("#binding-form [name=vtep]")).isEnabled()).isFalse();
            WebElement submit = page.findElement(By.cssSelector("#binding-form button[type=submit]"));
            assertThat(submit.getText()).isEqualTo("move to this VNI");

            submitRefused(chromium, "#binding-form", "vni", "5000", "vlan", "already carries vni 5000 on vlan 0");

            type(page, "#binding-form [name=vni]", "7200");
            submit.click();
            chromium.waiting(CONVERGE).until(d -> new JsonObject(manager.get("/api/v1/bindings/" + key).body())
                    .getInteger("vni") == 7200);
            // The manager commits before it answers: the page leaves editing once the answer reaches it.
            chromium.waiting(CONVERGE).withMessage("the form back to binding")
                    .until(d -> submit.getText().equals("bind"));
            chromium.waiting(CONVERGE).until(d -> text(d, "#events").contains("moved to vni 7200"));
        } finally {
            assertThat(manager.delete("/api/v1/bindings/" + key).statusCode()).isEqualTo(204);
            assertThat(manager.delete("/api/v1/networks/7200").statusCode()).isEqualTo(204);
        }
    }

    /** Clicks {@code selector} once the tables, which re-render on every change, hold it. */
    private static void click(HeadlessChromium chromium, String selector) {
        chromium.waiting(CONVERGE).until(d -> {
            d.findElement(By.cssSelector(selector)).click();
            return true;
        });
    }

    @Test
    @Order(4)
    void aHypervisorJoiningTheLabAppearsLiveWithoutAReload() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            awaitDrawn(chromium, "the first two hypervisors", drawn -> ids(drawn).contains(vtepNode("hv2")));
            chromium.driver().executeScript("window.sameDocument = true;");

            hv3.setManager(manager.passiveOvsdbTarget());

            String joined = "v:" + lab.prefix() + "-hv3";
            awaitDrawn(chromium, "the joining hypervisor", drawn ->
                    ids(drawn).contains(joined) && label(drawn, joined).contains(hv3.tunnelIp() + " · connected"));
            chromium.waiting(CONVERGE).until(d -> text(d, "#events").contains(lab.prefix() + "-hv3 connected"));
            assertThat(chromium.driver().executeScript("return window.sameDocument === true;")).isEqualTo(true);
        }
    }

    /** A problem is a sentence or two: it gets the table's whole width, on its own row under its VTEP. */
    @Test
    @Order(5)
    void aVtepsProblemIsShownInFullUnderItsRow() {
        String target = "tcp:127.0.0.1:" + RunningManager.freePort();
        post("/api/v1/vteps", new JsonObject().put("id", "hv9").put("kind", "hypervisor").put("ovsdbTarget", target));
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);

            chromium.waiting(CONVERGE).until(d -> text(d, "#vteps").contains("Connection refused"));
            WebElement problems = page.findElement(By.cssSelector("#vteps tr.problems[data-vtep='hv9'] td"));
            assertThat(problems.getAttribute("colspan")).isEqualTo("6");
            assertThat(problems.findElements(By.tagName("li"))).singleElement().extracting(WebElement::getText)
                    .asString().contains(target, "cannot connect", "Connection refused");
            assertThat(page.findElements(By.cssSelector("#vteps tr.problems"))).as("only hv9 has a problem")
                    .hasSize(1);
        } finally {
            assertThat(manager.delete("/api/v1/vteps/hv9").statusCode()).isEqualTo(204);
        }
    }

    /** The form registers a VTEP; its "edit" button loads it back, and only its target and tunnel IP change. */
    @Test
    @Order(5)
    void aVtepRegisteredThroughTheFormHasItsTargetMendedThroughItsEditButton() {
        String first = "tcp:127.0.0.1:" + RunningManager.freePort();
        String second = "tcp:127.0.0.1:" + RunningManager.freePort();
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = open(chromium);
            type(page, "#vtep-form [name=id]", "hv8");
            type(page, "#vtep-form [name=ovsdbTarget]", first);
            page.findElement(By.cssSelector("#vtep-form button[type=submit]")).click();
            chromium.waiting(CONVERGE).until(d -> text(d, "#vteps").contains(first));

            click(chromium, "#vteps button.edit-vtep[data-vtep='hv8']");
            assertThat(page.findElement(By.cssSelector("#vtep-form [name=id]")).getAttribute("readonly")).isNotNull();
            assertThat(page.findElement(By.cssSelector("#vtep-form [name=kind]")).isEnabled()).isFalse();
            assertThat(page.findElement(By.cssSelector("#vtep-form [name=ovsdbTarget]")).getAttribute("value"))
                    .isEqualTo(first);
            WebElement submit = page.findElement(By.cssSelector("#vtep-form button[type=submit]"));
            assertThat(submit.getText()).isEqualTo("save VTEP");

            submitRefused(chromium, "#vtep-form", "ovsdbTarget", "tcp:hv8.example", "ovsdbTarget",
                    "is not an IPv4 or IPv6 address");

            type(page, "#vtep-form [name=ovsdbTarget]", second);
            submit.click();
            chromium.waiting(CONVERGE).until(d -> text(d, "#vteps").contains(second));
            assertThat(text(page, "#vteps")).as("the old target's problem withdrawn").doesNotContain(first);
            assertThat(new JsonObject(manager.get("/api/v1/vteps/hv8").body()).getString("ovsdbTarget"))
                    .isEqualTo(second);
            chromium.waiting(CONVERGE).until(d -> ("OVSDB: " + second).equals(d.findElement(
                    By.cssSelector("#vteps tr[data-vtep='hv8'] td")).getAttribute("title")));
            assertThat(submit.getText()).as("back to registering").isEqualTo("register VTEP");
            chromium.waiting(CONVERGE).until(d -> text(d, "#events").contains("hypervisor hv8 updated"));
        } finally {
            assertThat(manager.delete("/api/v1/vteps/hv8").statusCode()).isEqualTo(204);
        }
    }

    /** Types {@code text} into {@code form}'s {@code field}, submits, and awaits the refusal shown at {@code at}. */
    private static void submitRefused(HeadlessChromium chromium, String form, String field, String text, String at,
            String reason) {
        WebDriver page = chromium.driver();
        type(page, form + " [name=" + field + "]", text);
        page.findElement(By.cssSelector(form + " button[type=submit]")).click();
        WebElement error = page.findElement(By.cssSelector(form + " [data-error-for=" + at + "]"));
        chromium.waiting(CONVERGE).until(d -> error.getText().contains(reason));
    }

    private static void type(WebDriver page, String selector, String text) {
        WebElement input = page.findElement(By.cssSelector(selector));
        input.clear();
        input.sendKeys(text);
    }

    private WebDriver open(HeadlessChromium chromium) {
        WebDriver page = chromium.driver();
        page.get(manager.url("/"));
        chromium.waiting(CONVERGE).withMessage(chromium::describePage)
                .until(d -> d.findElement(By.id("status")).getText().equals("live"));
        return page;
    }

    static void submitNetwork(WebDriver page, String vni, String name) {
        WebElement vniInput = page.findElement(By.cssSelector("#network-form [name=vni]"));
        WebElement nameInput = page.findElement(By.cssSelector("#network-form [name=name]"));
        vniInput.clear();
        vniInput.sendKeys(vni);
        nameInput.clear();
        nameInput.sendKeys(name);
        page.findElement(By.cssSelector("#network-form button[type=submit]")).click();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> drawn(HeadlessChromium chromium) {
        return (List<Map<String, Object>>) chromium.driver().executeScript("return window.vtepDashboard.drawn();");
    }

    private static void awaitDrawn(HeadlessChromium chromium, String what,
            Predicate<List<Map<String, Object>>> done) {
        chromium.waiting(CONVERGE).withMessage(() -> what + " drawn; graph has " + ids(drawn(chromium)))
                .until(d -> done.test(drawn(chromium)));
    }

    private static List<String> ids(List<Map<String, Object>> drawn) {
        return drawn.stream().map(el -> (String) el.get("id")).toList();
    }

    private static String label(List<Map<String, Object>> drawn, String id) {
        return drawn.stream().filter(el -> id.equals(el.get("id"))).map(el -> String.valueOf(el.get("label")))
                .findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static List<String> classes(List<Map<String, Object>> drawn, String id) {
        return drawn.stream().filter(el -> id.equals(el.get("id"))).map(el -> (List<String>) el.get("classes"))
                .findFirst().orElse(List.of());
    }

    /** The element's text; the live page may replace the element between finding and reading it, so that is retried. */
    static String text(WebDriver page, String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return page.findElement(By.cssSelector(css)).getText();
            } catch (StaleElementReferenceException replaced) {
                if (attempt == READ_ATTEMPTS) {
                    throw replaced;
                }
            }
        }
    }

    private static String vtepNode(String vtep) {
        return "v:" + vtep;
    }

    private String endpointNode(String vtep, String endpoint) {
        return "e:" + vtep + ":" + endpoints.get(endpoint).mac();
    }

    /**
     * Registers the hypervisors and the ToR as an operator would, two networks, the VMs and the server bound to
     * them, the server's MAC pinned at the ToR; returns once both hypervisors' sessions are up.
     */
    private void declareOverlay(Hypervisor hv1, Hypervisor hv2, TorSwitch tor) {
        post("/api/v1/vteps", new JsonObject().put("id", "hv1").put("kind", "hypervisor")
                .put("ovsdbTarget", hv1.ovsdbUnixTarget()));
        post("/api/v1/vteps", new JsonObject().put("id", "hv2").put("kind", "hypervisor")
                .put("ovsdbTarget", hv2.ovsdbUnixTarget()));
        post("/api/v1/vteps", new JsonObject().put("id", "tor1").put("kind", "hardware-vtep")
                .put("ovsdbTarget", tor.ovsdbTcpTarget()).put("tunnelIp", tor.tunnelIp()));
        post("/api/v1/networks", new JsonObject().put("vni", 5000).put("name", "web"));
        post("/api/v1/networks", new JsonObject().put("vni", 6000).put("name", "storage"));
        bind("hv1", "vm1", 5000);
        bind("hv2", "vm2", 5000);
        bind("hv1", "vm3", 6000);
        bind("tor1", "bm1", 5000);
        post("/api/v1/macs", new JsonObject().put("vni", 5000).put("mac", endpoints.get("bm1").mac())
                .put("vtep", "tor1").put("port", endpoints.get("bm1").switchPort()));
        long connected = Await.until(CONVERGE, () -> new JsonArray(manager.get("/api/v1/vteps").body()).stream()
                .map(JsonObject.class::cast).filter(v -> "connected".equals(v.getString("state"))).count(),
                count -> count == 3);
        assertThat(connected).as("hv1, hv2 and tor1 connected").isEqualTo(3);
    }

    private void bind(String vtep, String endpoint, int vni) {
        post("/api/v1/bindings", new JsonObject().put("vtep", vtep)
                .put("port", endpoints.get(endpoint).switchPort()).put("vlan", 0).put("vni", vni));
    }

    private void post(String path, JsonObject body) {
        HttpResponse<String> response = manager.post(path, body.encode());
        assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isEqualTo(201);
    }
}

package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.it.DashboardBrowserTest.submitNetwork;
import static org.vtepmanager.it.DashboardBrowserTest.text;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.vtepmanager.it.browser.BrowserAssumptions;
import org.vtepmanager.it.browser.HeadlessChromium;
import org.vtepmanager.web.api.ApiTokens;
import org.vtepmanager.web.api.WriteAccess;

/**
 * The dashboard of a manager whose API changes need a token, in headless Chromium: it shows the fabric without
 * one, a change is refused at its form until the operator types the token into the header, and the header's link to
 * all of intent, a backup, needs none. No lab: only the web server on its own store.
 */
class ApiTokenBrowserTest {

    private static final String TOKEN = "0f9e8d7c6b5a49382716051a2b3c4d5e";
    private static final Duration SHOWN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private StandaloneWebServer web;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void requireChromium() {
        BrowserAssumptions.requireChromium();
    }

    @BeforeEach
    void startServer() throws Exception {
        web = StandaloneWebServer.start(dir, WriteAccess.tokens(ApiTokens.parse(List.of(TOKEN))));
    }

    @AfterEach
    void stopServer() throws Exception {
        web.close();
    }

    @Test
    void aChangeIsRefusedAtItsFormUntilTheTokenIsTypedAndReadsNeedNone() throws Exception {
        assertThat(send("POST", "/api/v1/networks", "{\"vni\":7000,\"name\":\"existing\"}").statusCode())
                .isEqualTo(201);
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = chromium.driver();
            page.get(web.url("/"));
            chromium.waiting(SHOWN).withMessage(chromium::describePage).until(d -> !d.findElements(By.cssSelector("#networks tr[data-vni='7000']"))
                    .isEmpty());

            submitNetwork(page, "7100", "guarded");
            chromium.waiting(SHOWN).until(d -> text(d, "#network-form .form-error").contains("API token"));
            assertThat(text(page, "#network-form .form-error")).isEqualTo(
                    "authorization: changes need this manager's API token: send Authorization: Bearer TOKEN");
            assertThat(page.findElements(By.cssSelector("#networks tr[data-vni='7100']"))).isEmpty();

            page.findElement(By.id("api-token")).sendKeys(TOKEN);
            submitNetwork(page, "7100", "guarded");

            chromium.waiting(SHOWN).until(d -> !d.findElements(By.cssSelector("#networks tr[data-vni='7100']"))
                    .isEmpty());
            assertThat(send("GET", "/api/v1/networks/7100", "").statusCode()).isEqualTo(200);
            assertThat(text(page, "#network-form .form-error")).isEmpty();
        }
    }

    @Test
    void theHeaderLinksAllOfIntentAsOneDocumentForABackup() throws Exception {
        assertThat(send("POST", "/api/v1/networks", "{\"vni\":7000,\"name\":\"kept\"}").statusCode())
                .isEqualTo(201);
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver page = chromium.driver();
            page.get(web.url("/"));
            WebElement link = chromium.waiting(SHOWN).withMessage(chromium::describePage)
                    .until(d -> d.findElement(By.id("intent-download")));

            assertThat(link.getAttribute("download")).isEqualTo("vtep-intent.json");
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(link.getAttribute("href")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new JsonObject(document.body()).getJsonArray("networks").getJsonObject(0).getString("name"))
                    .isEqualTo("kept");
        }
    }

    /** A request of a client that holds the token. */
    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(web.url(path)))
                .header("content-type", "application/json").header("authorization", "Bearer " + TOKEN)
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

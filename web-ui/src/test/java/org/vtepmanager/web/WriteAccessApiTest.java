package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.vtepmanager.web.api.ApiTokens;
import org.vtepmanager.web.api.WriteAccess;

/** A manager with an API token: changes need it, reads do not, and a refused change changes nothing. */
class WriteAccessApiTest {

    private static final String TOKEN = "6b1f0c3e9a7d4f2b8c5e0a1d3f6b9c2e";
    private static final String CI_TOKEN = "0d4e8a2c6f1b5d9e3a7c0f4b8d2e6a1c";

    @TempDir
    Path dir;
    private ApiFixture api;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir, WriteAccess.tokens(ApiTokens.parse(List.of(TOKEN))));
        logged.start();
        ((Logger) LoggerFactory.getLogger("org.vtepmanager.web.api")).addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("org.vtepmanager.web.api")).detachAppender(logged);
        api.close();
    }

    @Test
    void aChangeWithoutTheTokenIsRefusedWith401AndChangesNothing() throws Exception {
        HttpResponse<String> refused = api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("www-authenticate")).contains("Bearer realm=\"vtep-manager\"");
        assertThat(new JsonObject(refused.body())).isEqualTo(new JsonObject().put("error", "unauthorized")
                .put("field", "authorization")
                .put("reason", "changes need this manager's API token: send Authorization: Bearer TOKEN"));
        assertThat(api.get("/api/v1/networks").body()).isEqualTo("[]");
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneChangesWhateverTheSchemesCase() throws Exception {
        HttpResponse<String> wrong = api.send("POST", "/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}",
                "application/json", "authorization", "Bearer " + TOKEN.replace('6', '7'));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(wrong.body()).getString("reason"))
                .isEqualTo("the token does not match any of this manager's API tokens");
        assertThat(api.get("/api/v1/networks").body()).isEqualTo("[]");

        HttpResponse<String> created = api.send("POST", "/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}",
                "application/json", "authorization", "bearer " + TOKEN);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(api.get("/api/v1/networks/5000").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "PUT,    /api/v1/networks/5000",
        "PATCH,  /api/v1/vteps/hv1",
        "DELETE, /api/v1/networks/5000",
        "POST,   /api/v1/bindings",
        "POST,   /api/v1/macs",
    })
    void everyKindOfChangeNeedsTheToken(String method, String path) throws Exception {
        api.send("POST", "/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}", "application/json",
                "authorization", "Bearer " + TOKEN);

        HttpResponse<String> refused = api.send(method, path, "{}", "application/json");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(api.get("/api/v1/networks/5000").body()).contains("\"name\":\"web\"");
    }

    @Test
    void readsNeedNoToken() throws Exception {
        assertThat(api.get("/api/v1/networks").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/topology").statusCode()).isEqualTo(200);
        assertThat(api.get("/health").statusCode()).isEqualTo(200);
        assertThat(api.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void eachChangeIsLoggedWithTheNameOfTheTokenItCameWith() throws Exception {
        WriteAccess access = WriteAccess.tokens(ApiTokens.parse(List.of("alice " + TOKEN, "ci-bot " + CI_TOKEN)));
        try (ApiFixture named = new ApiFixture(dir.resolve("named"), access);
                SseClient events = named.events(null)) {
            assertThat(named.send("POST", "/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}",
                    "application/json", "authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(201);
            assertThat(named.send("DELETE", "/api/v1/networks/5000", "", "application/json",
                    "authorization", "Bearer " + CI_TOKEN).statusCode()).isEqualTo(204);
            assertThat(events.next("log", data -> data.getString("kind").equals("network-deleted"),
                    Duration.ofSeconds(20)).data().getString("text")).as("the dashboard's recent events")
                    .isEqualTo("network 5000 deleted by ci-bot");
        }

        List<Map<String, String>> audit = lines("intent changed");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0)).containsEntry("change", "network-created").containsEntry("subject", "5000")
                .containsEntry("by", "alice").containsEntry("client", "127.0.0.1").containsEntry("revision", "1")
                .containsEntry("what", "network 5000 'web' created");
        assertThat(audit.get(1)).containsEntry("change", "network-deleted").containsEntry("by", "ci-bot")
                .containsEntry("revision", "2");
    }

    @Test
    void aRefusedChangeIsLoggedAtWarnAndNotAsAChange() throws Exception {
        api.send("DELETE", "/api/v1/networks/5000", "", "application/json", "authorization", "Bearer nope");

        assertThat(lines("intent changed")).isEmpty();
        assertThat(api.get("/metrics").body()).contains("vtep_manager_api_changes_refused_total 1.0");
        assertThat(logged.list).filteredOn(event -> event.getMessage().equals("API change refused"))
                .singleElement().satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(pairs(event)).containsEntry("method", "DELETE")
                            .containsEntry("path", "/api/v1/networks/5000").containsEntry("client", "127.0.0.1");
                });
    }

    @Test
    void aReplacedListRefusesTheRevokedTokenAndTakesTheNewOneAtOnce() throws Exception {
        WriteAccess access = WriteAccess.tokens(ApiTokens.parse(List.of("alice " + TOKEN)));
        try (ApiFixture named = new ApiFixture(dir.resolve("revoked"), access)) {
            access.replace(ApiTokens.parse(List.of("ci-bot " + CI_TOKEN)));

            assertThat(named.send("POST", "/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}",
                    "application/json", "authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
            assertThat(named.send("POST", "/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}",
                    "application/json", "authorization", "Bearer " + CI_TOKEN).statusCode()).isEqualTo(201);
        }
        assertThatThrownBy(() -> WriteAccess.open().replace(ApiTokens.parse(List.of(TOKEN))))
                .isInstanceOf(IllegalStateException.class);
    }

    private List<Map<String, String>> lines(String message) {
        return logged.list.stream().filter(event -> event.getMessage().equals(message))
                .map(WriteAccessApiTest::pairs).toList();
    }

    private static Map<String, String> pairs(ILoggingEvent event) {
        return event.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key,
                pair -> String.valueOf(pair.value)));
    }
}

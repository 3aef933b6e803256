package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vtepmanager.web.api.WriteAccess;

/** A manager with an API token: changes need it, reads do not, and a refused change changes nothing. */
class WriteAccessApiTest {

    private static final String TOKEN = "6b1f0c3e9a7d4f2b8c5e0a1d3f6b9c2e";

    @TempDir
    Path dir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir, WriteAccess.token(TOKEN));
    }

    @AfterEach
    void stop() throws Exception {
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
                .isEqualTo("the token does not match this manager's API token");
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
    void aShortOrSpacedTokenIsRefusedNamingWhatATokenIs() {
        assertThatThrownBy(() -> WriteAccess.token("secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 printable ASCII characters");
        assertThatThrownBy(() -> WriteAccess.token(TOKEN + " " + TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

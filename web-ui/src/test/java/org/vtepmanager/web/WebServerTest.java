package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WebServerTest extends ApiTestBase {

    @Test
    void healthAtTheRootAnswersAsTheApisDoesOverRealHttp() throws Exception {
        HttpResponse<String> response = api.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonObject health = new JsonObject(response.body());
        assertThat(health).isEqualTo(new JsonObject(api.get("/api/v1/health").body()));
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getLong("revision")).isNotNull();
    }

    @Test
    void unknownPathIsNotFoundInTheApiErrorShape() throws Exception {
        HttpResponse<String> response = api.get("/no-such-resource");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getString("field")).isEqualTo("path");
    }
}

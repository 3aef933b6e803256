package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.web.NetworkApiTest.assertError;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Malformed requests: each answered with its own status and the one error shape, none applied. */
class RequestErrorsApiTest extends ApiTestBase {

    @Test
    void bodyThatIsNotJsonIsABadRequestNamingTheBody() throws Exception {
        HttpResponse<String> response = api.post("/api/v1/networks", "{\"vni\": 5000,");
        JsonObject error = new JsonObject(response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error.getString("field")).isEqualTo("body");
        assertThat(error.getString("reason")).startsWith("is not JSON: ").contains("(line 1, column ")
                .doesNotContain("Failed to decode", "Source", "\n");
    }

    @Test
    void jsonThatIsNotAnObjectIsABadRequest() throws Exception {
        assertError(api.post("/api/v1/networks", "[1,2]"), 400, "body", "must be a JSON object describing a network");
    }

    @Test
    void bodyOverSixtyFourKibIsPayloadTooLarge() throws Exception {
        String huge = "{\"vni\":5000,\"name\":\"x\",\"description\":\"" + "a".repeat(70_000) + "\"}";
        assertError(api.post("/api/v1/networks", huge), 413, "body", "is larger than 65536 bytes");
        assertThat(api.store.current().networks()).isEmpty();
    }

    @Test
    void aRefusedValueNearTheBodyLimitIsNotEchoedWhole() throws Exception {
        HttpResponse<String> response = api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\""
                + "a".repeat(60_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).hasSizeLessThan(500).contains("characters left out")
                .endsWith("' must be 1..64 characters and not blank\"}");
    }

    @Test
    void nonJsonContentTypeIsUnsupportedMediaType() throws Exception {
        assertError(api.send("POST", "/api/v1/networks", "vni=5000", "application/x-www-form-urlencoded"), 415,
                "content-type", "'application/x-www-form-urlencoded' is not application/json");
        assertError(api.send("POST", "/api/v1/networks", "{}", null), 415, "content-type",
                "'null' is not application/json");
    }

    @Test
    void methodNotOfferedOnAnExistingResourceIsMethodNotAllowed() throws Exception {
        assertError(api.send("PATCH", "/api/v1/networks/5000", "{}", "application/json"), 405, "method",
                "PATCH is not allowed on /api/v1/networks/5000");
        assertError(api.delete("/api/v1/networks"), 405, "method", "DELETE is not allowed on /api/v1/networks");
    }

    @Test
    void unknownPropertyIsRefusedSoTyposDoNotFallBackToDefaults() throws Exception {
        assertError(api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"p\",\"vlan_id\":5,\"vni\":1}"), 400,
                "vlan_id", "is not a property of a binding (expected one of port, vlan, vni, vtep)");
    }

    @Test
    void aPropertyGivenTwiceIsRefusedRatherThanTheLastOneTaken() throws Exception {
        assertError(api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"a\",\"vni\":6000}"), 400, "vni",
                "appears more than once in the body");
        assertError(api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"a\",\"replication\":"
                + "{\"mode\":\"source-node\",\"mode\":\"service-node\"}}"), 400, "replication.mode",
                "appears more than once in the body");
        assertThat(api.store.current().networks()).isEmpty();
    }

    @Test
    void onlyARepeatedPropertyIsRefusedNotWhatElseTheParserAccepts() throws Exception {
        HttpResponse<String> created = api.post("/api/v1/networks", "{\"vni\":5000, /* the lab */ \"name\":\"a\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(api.store.current().networks()).hasSize(1);
    }

    @Test
    void unknownApiPathIsNotFound() throws Exception {
        assertError(api.get("/api/v1/routers"), 404, "path", "no resource at /api/v1/routers");
    }
}

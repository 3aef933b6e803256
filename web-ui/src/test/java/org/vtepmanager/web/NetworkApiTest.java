package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class NetworkApiTest extends ApiTestBase {

    @Test
    void networkLifecycleCreateGetListReplaceDelete() throws Exception {
        HttpResponse<String> created = api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).contains("/api/v1/networks/5000");
        assertThat(new JsonObject(created.body())).isEqualTo(new JsonObject()
                .put("vni", 5000).put("name", "web").put("description", "").put("mtu", 1450)
                .put("mtuSource", "derived").put("version", 1));

        HttpResponse<String> replaced = api.put("/api/v1/networks/5000",
                "{\"name\":\"web\",\"description\":\"front end\",\"mtu\":1400}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(replaced.body()).getInteger("mtu")).isEqualTo(1400);

        assertThat(new JsonArray(api.get("/api/v1/networks").body())).hasSize(1);
        assertThat(new JsonObject(api.get("/api/v1/networks/5000").body()).getString("description"))
                .isEqualTo("front end");
        assertThat(api.delete("/api/v1/networks/5000").statusCode()).isEqualTo(204);
        assertError(api.get("/api/v1/networks/5000"), 404, "vni", "no network 5000");
    }

    @Test
    void vniOutOfRangeIsRefusedNamingFieldAndReason() throws Exception {
        assertError(api.post("/api/v1/networks", "{\"vni\":16777216,\"name\":\"x\"}"), 400, "vni",
                "16777216 is out of range 1..16777215");
        assertError(api.post("/api/v1/networks", "{\"vni\":0,\"name\":\"x\"}"), 400, "vni",
                "0 is out of range 1..16777215");
        assertError(api.get("/api/v1/networks/0"), 400, "vni", "0 is out of range 1..16777215");
        assertError(api.post("/api/v1/networks", "{\"vni\":\"5000\",\"name\":\"x\"}"), 400, "vni",
                "\"5000\" is not an integer");
        assertError(api.post("/api/v1/networks", "{\"vni\":50.5,\"name\":\"x\"}"), 400, "vni",
                "50.5 is not an integer");
        assertError(api.post("/api/v1/networks", "{\"vni\":4294967297,\"name\":\"x\"}"), 400, "vni",
                "4294967297 is out of range (not a 32-bit integer)");
        assertError(api.post("/api/v1/networks", "{\"name\":\"x\"}"), 400, "vni", "is required");
    }

    @Test
    void aNameWithAControlCharacterIsRefusedAndNothingIsStored() throws Exception {
        assertError(api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"a\\u0000b\\nc\"}"), 400, "name",
                "holds a control character; a name is one line of text");
        assertThat(api.store.current().networks()).isEmpty();
    }

    @Test
    void duplicateNetworkIsAConflictAndChangingTheVniOnReplaceIsRefused() throws Exception {
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        assertError(api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"again\"}"), 409, "vni",
                "network 5000 already exists");
        assertError(api.put("/api/v1/networks/5000", "{\"vni\":5001,\"name\":\"web\"}"), 400, "vni",
                "5001 differs from the VNI in the path (5000); a network's VNI cannot change");
        assertError(api.put("/api/v1/networks/6000", "{\"name\":\"web\"}"), 404, "vni", "no network 6000");
    }

    @Test
    void replaceWithIfMatchIsACompareAndSetOnTheEtag() throws Exception {
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        String etag = api.get("/api/v1/networks/5000").headers().firstValue("etag").orElseThrow();
        assertThat(etag).isEqualTo("\"1\"");

        HttpResponse<String> first = api.send("PUT", "/api/v1/networks/5000", "{\"name\":\"a\"}", "application/json",
                "If-Match", etag);
        HttpResponse<String> stale = api.send("PUT", "/api/v1/networks/5000", "{\"name\":\"b\"}", "application/json",
                "If-Match", etag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertError(stale, 412, "version", "network 5000 is at version 2, not 1");
        assertError(api.send("PUT", "/api/v1/networks/5000", "{\"name\":\"c\"}", "application/json", "If-Match", "*"),
                400, "If-Match", "'*' is not a network version in quotes, e.g. \"3\"");
        assertThat(new JsonObject(api.get("/api/v1/networks/5000").body()).getString("name")).isEqualTo("a");
    }

    @Test
    void deletingABoundNetworkIsAConflictListingTheBindingsAndDeletesNothing() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10\"}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vlan\":100,\"vni\":5000}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm2\",\"vni\":5000}");

        HttpResponse<String> refused = api.delete("/api/v1/networks/5000");

        JsonObject error = assertError(refused, 409, "vni",
                "network 5000 is still bound: hv1/vm1 vlan 100 -> vni 5000, hv1/vm2 vlan 0 -> vni 5000");
        assertThat(error.getJsonArray("heldBy")).containsExactly("hv1/vm1 vlan 100 -> vni 5000",
                "hv1/vm2 vlan 0 -> vni 5000");
        assertThat(api.get("/api/v1/networks/5000").statusCode()).isEqualTo(200);
        assertThat(new JsonArray(api.get("/api/v1/bindings").body())).hasSize(2);
    }

    @Test
    void aRefusedWriteLeavesTheRevisionUnchanged() throws Exception {
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        long before = api.store.current().revision();

        api.post("/api/v1/networks", "{\"vni\":5001,\"name\":\"db\",\"mtu\":20}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"dup\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"nope\",\"port\":\"vm1\",\"vni\":5000}");

        assertThat(api.store.current().revision()).isEqualTo(before);
        assertThat(new JsonArray(api.get("/api/v1/networks").body())).hasSize(1);
    }

    @Test
    void networksSurviveAServerAndStoreRestartOnTheSameDirectory() throws Exception {
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\",\"description\":\"front\",\"mtu\":9000}");
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vni\":5000}");
        String network = api.get("/api/v1/networks/5000").body();
        api.close();

        api = new ApiFixture(dir);

        assertThat(new JsonObject(api.get("/api/v1/networks/5000").body())).isEqualTo(new JsonObject(network));
        assertThat(new JsonArray(api.get("/api/v1/bindings").body())).hasSize(1);
        assertThat(new JsonObject(api.get("/api/v1/vteps/hv1").body()).getString("ovsdbTarget"))
                .isEqualTo("tcp:192.0.2.10:6640");
    }

    static JsonObject assertError(HttpResponse<String> response, int status, String field, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("reason")).isEqualTo(reason);
        assertThat(error.getString("error")).isNotBlank();
        return error;
    }
}

package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.web.NetworkApiTest.assertError;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.intent.Intent;

/** {@code PUT /api/v1/bindings/VTEP/PORT/VLAN}: a port VLAN moved to another network in one write. */
class BindingMoveApiTest extends ApiTestBase {

    private static final String BINDING = "/api/v1/bindings/hv1/eth1%2F1/100";

    /** Runs after the base class has started the API. */
    @BeforeEach
    void bindAPortInOneOfTwoNetworks() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10\"}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        api.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"db\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"eth1/1\",\"vlan\":100,\"vni\":5000}");
    }

    @Test
    void aPutMovesThePortVlanToTheOtherNetworkAndOnlyAtTheVersionIfMatchNames() throws Exception {
        String etag = api.get(BINDING).headers().firstValue("etag").orElseThrow();

        HttpResponse<String> moved = api.send("PUT", BINDING, "{\"vni\":6000}", "application/json", "If-Match", etag);

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(new JsonObject(moved.body())).isEqualTo(new JsonObject().put("vtep", "hv1").put("port", "eth1/1")
                .put("vlan", 100).put("vni", 6000));
        assertThat(new JsonObject(api.get(BINDING).body()).getInteger("vni")).isEqualTo(6000);
        assertError(api.send("PUT", BINDING, "{\"vni\":5000}", "application/json", "If-Match", etag), 412, "version",
                "the binding of hv1/eth1/1 vlan 100 is at version 5, not 4");
    }

    @Test
    void aRefusedMoveNamesTheFieldAndChangesNothing() throws Exception {
        api.post("/api/v1/macs", "{\"vni\":5000,\"mac\":\"02:00:00:00:00:01\",\"vtep\":\"hv1\",\"port\":\"eth1/1\","
                + "\"vlan\":100}");
        Intent before = api.store.current();

        assertError(api.put("/api/v1/bindings/hv1/eth1%2F1/200", "{\"vni\":6000}"), 404, "port",
                "no binding on hv1/eth1/1 vlan 200");
        assertError(api.put(BINDING, "{\"vlan\":200,\"vni\":6000}"), 400, "vlan", "'200' differs from the path's "
                + "'100': a binding's port VLAN cannot change (delete it and create another)");
        assertError(api.put(BINDING, "{\"vni\":7000}"), 400, "vni", "no network 7000");
        assertError(api.put(BINDING, "{}"), 400, "vni", "is required");
        JsonObject held = assertError(api.put(BINDING, "{\"vni\":6000}"), 409, "port",
                "hv1/eth1/1 vlan 100 still holds static MACs of vni 5000: static vni 5000 mac 02:00:00:00:00:01");
        assertThat(held.getJsonArray("heldBy")).containsExactly("static vni 5000 mac 02:00:00:00:00:01");

        assertThat(api.store.current()).isEqualTo(before);
    }
}

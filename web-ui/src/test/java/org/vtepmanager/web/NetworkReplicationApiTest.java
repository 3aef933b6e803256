package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.web.NetworkApiTest.assertError;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.Replication;

/** A network's replication setting through create, get, replace; bad values refused naming the nested field. */
class NetworkReplicationApiTest extends ApiTestBase {

    private static final String SERVICE_NODE =
            "{\"mode\":\"service-node\",\"serviceNodes\":[\"192.0.2.9\",\"2001:db8::9\"]}";

    @Test
    void serviceNodeReplicationIsStoredAndShownAsGiven() throws Exception {
        var created = api.post("/api/v1/networks",
                "{\"vni\":5000,\"name\":\"web\",\"replication\":" + SERVICE_NODE + "}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject expected = new JsonObject().put("mode", "service-node")
                .put("serviceNodes", List.of("192.0.2.9", "2001:db8:0:0:0:0:0:9"));
        assertThat(new JsonObject(created.body()).getJsonObject("replication")).isEqualTo(expected);
        assertThat(new JsonObject(api.get("/api/v1/networks/5000").body()).getJsonObject("replication"))
                .isEqualTo(expected);
        assertThat(api.store.current().networks().get(Vni.of(5000)).value().replication())
                .contains(Replication.of("service-node", List.of("192.0.2.9", "2001:db8::9")));
    }

    @Test
    void aNetworkWithoutReplicationShowsNoneAndReplaceSetsOrClearsIt() throws Exception {
        JsonObject plain = new JsonObject(api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}").body());
        assertThat(plain.containsKey("replication")).as("absent: the manager-wide default").isFalse();

        var replaced = api.put("/api/v1/networks/5000",
                "{\"name\":\"web\",\"replication\":{\"mode\":\"source-node\"}}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(replaced.body()).getJsonObject("replication"))
                .isEqualTo(new JsonObject().put("mode", "source-node"));

        var cleared = api.put("/api/v1/networks/5000", "{\"name\":\"web\",\"replication\":null}");
        assertThat(new JsonObject(cleared.body()).containsKey("replication")).isFalse();
        assertThat(api.store.current().networks().get(Vni.of(5000)).value().replication()).isEmpty();
    }

    @Test
    void badReplicationIsRefusedNamingTheNestedFieldAndChangesNothing() throws Exception {
        assertError(post("{\"mode\":\"service-node\",\"serviceNodes\":[\"192.0.2.9\",\"300.1.1.1\"]}"), 400,
                "replication.serviceNodes[1]", "'300.1.1.1' is not an IPv4 or IPv6 address");
        assertError(post("{\"mode\":\"service-node\",\"serviceNodes\":[]}"), 400, "replication.serviceNodes",
                "is empty; service-node replication needs at least one service node");
        assertError(post("{\"mode\":\"service-node\"}"), 400, "replication.serviceNodes",
                "is empty; service-node replication needs at least one service node");
        assertError(post("{\"mode\":\"service-node\",\"serviceNodes\":[\"192.0.2.9\",9]}"), 400,
                "replication.serviceNodes[1]", "9 is not a string");
        assertError(post("{\"mode\":\"service-node\",\"serviceNodes\":\"192.0.2.9\"}"), 400,
                "replication.serviceNodes", "\"192.0.2.9\" is not an array of IP addresses");
        assertError(post("{\"mode\":\"multicast\"}"), 400, "replication.mode",
                "'multicast' is not one of source-node, service-node");
        assertError(post("{\"serviceNodes\":[\"192.0.2.9\"]}"), 400, "replication.mode", "is required");
        assertError(post("{\"mode\":\"source-node\",\"nodes\":[]}"), 400, "replication.nodes",
                "is not a property of replication (expected one of mode, serviceNodes)");
        assertError(post("\"service-node\""), 400, "replication",
                "\"service-node\" is not an object like {\"mode\": \"source-node\"}");

        assertThat(api.store.current().networks()).isEmpty();
    }

    private java.net.http.HttpResponse<String> post(String replication) throws Exception {
        return api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\",\"replication\":" + replication + "}");
    }
}

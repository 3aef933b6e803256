package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/** A tunnel's BFD state, as its VTEP reports it, in the topology document in the shape the dashboard draws. */
class TunnelBfdApiTest extends ApiTestBase {

    @Test
    void theReportedStateAppearsOnlyOnTheReportersTunnelToThatIp() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"unix:/run/hv1.sock\","
                + "\"tunnelIp\":\"198.51.100.1\"}");
        api.post("/api/v1/vteps", "{\"id\":\"tor1\",\"kind\":\"hardware-vtep\",\"ovsdbTarget\":\"unix:/run/tor1.sock\","
                + "\"tunnelIp\":\"198.51.100.9\"}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vni\":5000}");
        api.post("/api/v1/bindings", "{\"vtep\":\"tor1\",\"port\":\"p1\",\"vni\":5000}");

        api.topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(TunnelIp.parse("198.51.100.1"), "up"));

        JsonArray tunnels = new JsonObject(api.get("/api/v1/topology").body()).getJsonArray("tunnels");
        assertThat(tunnel(tunnels, "tor1", "hv1").getJsonObject("bfd")).isEqualTo(new JsonObject().put("state", "up"));
        assertThat(tunnel(tunnels, "hv1", "tor1").containsKey("bfd")).as("hv1 reports no BFD").isFalse();
    }

    private static JsonObject tunnel(JsonArray tunnels, String from, String to) {
        return tunnels.stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("from").equals(from) && t.getString("to").equals(to))
                .findFirst().orElseThrow();
    }
}

package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.web.NetworkApiTest.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.VtepObservation;

/** VTEPs, bindings, MACs and topology over real HTTP. */
class IntentApiTest extends ApiTestBase {

    /** Runs after the base class has started the API. */
    @BeforeEach
    void registerAVtepAndANetwork() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10:6640\","
                + "\"tunnelIp\":\"198.51.100.1\"}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
    }

    @Test
    void registeringAVtepWithoutIdNamesItAfterItsTargetAndATargetRegistersOnce() throws Exception {
        HttpResponse<String> created = api.post("/api/v1/vteps",
                "{\"kind\":\"hardware-vtep\",\"ovsdbTarget\":\"tcp:192.0.2.20\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(created.body())).isEqualTo(new JsonObject().put("id", "tcp-192.0.2.20-6640")
                .put("kind", "hardware-vtep").put("ovsdbTarget", "tcp:192.0.2.20:6640").putNull("tunnelIp")
                .putNull("configuredTunnelIp")
                .put("state", "disconnected").putNull("datapathId").put("ports", new JsonArray())
                .put("flowTables", new JsonArray())
                .put("problems", new JsonArray()).putNull("certificateExpires"));
        assertError(api.post("/api/v1/vteps", "{\"id\":\"tor9\",\"kind\":\"hardware-vtep\","
                + "\"ovsdbTarget\":\"tcp:192.0.2.20:6640\"}"), 409, "ovsdbTarget",
                "tcp:192.0.2.20:6640 is already registered as VTEP 'tcp-192.0.2.20-6640'");
        assertThat(new JsonArray(api.get("/api/v1/vteps").body())).hasSize(2);
    }

    @Test
    void aTunnelIpNoOtherVtepCouldReachIsRefusedAndNothingIsRegistered() throws Exception {
        assertError(api.post("/api/v1/vteps", vtep("127.0.0.1")), 400, "tunnelIp",
                "127.0.0.1 is a loopback address, which no other VTEP can reach");
        assertError(api.post("/api/v1/vteps", vtep("255.255.255.255")), 400, "tunnelIp",
                "255.255.255.255 is not a unicast address");
        assertThat(api.get("/api/v1/vteps/hv2").statusCode()).isEqualTo(404);
    }

    private static String vtep(String tunnelIp) {
        return "{\"id\":\"hv2\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.12\",\"tunnelIp\":\"" + tunnelIp
                + "\"}";
    }

    @Test
    void malformedOvsdbTargetOrKindIsRefusedNamingTheField() throws Exception {
        assertError(api.post("/api/v1/vteps", "{\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:hv1.example:6640\"}"),
                400, "ovsdbTarget", "'tcp:hv1.example:6640' is not an OVSDB target: 'hv1.example' is not an IPv4 or "
                        + "IPv6 address");
        assertError(api.post("/api/v1/vteps", "{\"kind\":\"hypervisor\",\"ovsdbTarget\":\"ptcp:6640\"}"),
                400, "ovsdbTarget",
                "'ptcp:6640' is not an OVSDB target: expected tcp:IP[:PORT], ssl:IP[:PORT] or unix:PATH");
        assertError(api.post("/api/v1/vteps", "{\"kind\":\"switch\",\"ovsdbTarget\":\"unix:/run/db.sock\"}"),
                400, "kind", "'switch' is not a VTEP kind (expected hypervisor or hardware-vtep)");
        assertError(api.get("/api/v1/vteps/hv9"), 404, "id", "no VTEP 'hv9'");
    }

    @Test
    void aVtepWhoseSwitchDialsInIsDeletedOnlyOnceThatSwitchIsGone() throws Exception {
        VtepId hv5 = VtepId.of("hv5");
        api.store.apply(new IntentChange.RegisterVtep(new Vtep(hv5, VtepKind.HYPERVISOR, Optional.empty(),
                Optional.empty())));
        api.topology.reportVtep(new VtepObservation(hv5, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("198.51.100.5")), List.of(), List.of()));

        assertError(api.delete("/api/v1/vteps/hv5"), 409, "id", "VTEP 'hv5' is connected and its switch dials the "
                + "manager, so it would be registered again at once: remove the manager from the switch first "
                + "(ovs-vsctl del-manager, or vtep-ctl del-manager on a hardware VTEP), then delete it");
        assertThat(api.store.current().vteps()).containsKey(hv5);

        api.topology.reportVtep(new VtepObservation(hv5, ConnectionState.DISCONNECTED, Optional.empty(), List.of(),
                List.of("OVSDB session closed")));
        assertThat(api.delete("/api/v1/vteps/hv5").statusCode()).isEqualTo(204);
        api.topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("198.51.100.1")), List.of(), List.of()));
        assertThat(api.delete("/api/v1/vteps/hv1").statusCode()).as("connected, but dialled by us").isEqualTo(204);
    }

    @Test
    void aMalformedVtepIdIsRefusedNamingTheIdFieldInTheBodyAndInThePath() throws Exception {
        HttpResponse<String> inBody = api.post("/api/v1/vteps",
                "{\"id\":\"bad id\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.30:6640\"}");
        assertThat(inBody.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(inBody.body()).getString("field")).isEqualTo("id");
        assertThat(new JsonObject(api.get("/api/v1/vteps/bad%20id").body()).getString("field")).isEqualTo("id");
        assertThat(new JsonObject(api.delete("/api/v1/vteps/bad%20id").body())
                .getString("field")).isEqualTo("id");
        assertThat(new JsonArray(api.get("/api/v1/vteps").body())).hasSize(1);
    }

    @Test
    void duplicateVlanBindingOnAPortIsAConflictNamingTheExistingBinding() throws Exception {
        api.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"db\"}");
        HttpResponse<String> first = api.post("/api/v1/bindings",
                "{\"vtep\":\"hv1\",\"port\":\"eth1/1\",\"vlan\":100,\"vni\":5000}");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("location")).contains("/api/v1/bindings/hv1/eth1%2F1/100");

        assertError(api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"eth1/1\",\"vlan\":100,\"vni\":6000}"),
                409, "vlan", "hv1/eth1/1 vlan 100 is already bound to vni 5000");
        assertThat(api.get("/api/v1/bindings/hv1/eth1%2F1/100").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v1/bindings/hv1/eth1%2F1/100").statusCode()).isEqualTo(204);
        assertError(api.get("/api/v1/bindings/hv1/eth1%2F1/100"), 404, "port", "no binding on hv1/eth1/1 vlan 100");
    }

    @Test
    void bindingToAnUnknownVtepOrNetworkIsRefusedNamingTheField() throws Exception {
        assertError(api.post("/api/v1/bindings", "{\"vtep\":\"hv9\",\"port\":\"vm1\",\"vni\":5000}"), 400, "vtep",
                "unknown VTEP 'hv9'");
        assertError(api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vni\":7000}"), 400, "vni",
                "no network 7000");
        assertError(api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vlan\":4095,\"vni\":5000}"),
                400, "vlan", "4095 is out of range 0..4094 (0 = untagged)");
    }

    @Test
    void staticMacsAreAddedListedFilteredAndDeleted() throws Exception {
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vni\":5000}");
        HttpResponse<String> added = api.post("/api/v1/macs",
                "{\"vni\":5000,\"mac\":\"02:00:5E:00:53:01\",\"vtep\":\"hv1\",\"port\":\"vm1\"}");
        assertThat(added.statusCode()).isEqualTo(201);
        api.macs.learn(Vni.of(5000), MacAddress.parse("02:00:5e:00:53:02"), new MacLocation.Remote(VtepId.of("hv2")),
                MacSource.LEARNED);

        assertThat(new JsonArray(api.get("/api/v1/macs").body())).hasSize(2);
        JsonArray statics = new JsonArray(api.get("/api/v1/macs?source=static&vni=5000&vtep=hv1").body());
        assertThat(statics).hasSize(1);
        assertThat(statics.getJsonObject(0).getString("mac")).isEqualTo("02:00:5e:00:53:01");
        assertThat(statics.getJsonObject(0).getInteger("vlan")).isZero();
        assertThat(new JsonArray(api.get("/api/v1/macs?vtep=hv2").body())).hasSize(1);
        assertError(api.get("/api/v1/macs?source=bogus"), 400, "source",
                "'bogus' is not a MAC source (expected learned, static or hardware-vtep)");

        assertThat(api.delete("/api/v1/macs/5000/02:00:5e:00:53:01").statusCode()).isEqualTo(204);
        assertThat(new JsonArray(api.get("/api/v1/macs?source=static").body())).isEmpty();
        assertError(api.delete("/api/v1/macs/5000/02:00:5e:00:53:01"), 404, "mac",
                "no static vni 5000 mac 02:00:5e:00:53:01");
    }

    @Test
    void malformedMacIsRefusedNamingTheField() throws Exception {
        assertError(api.post("/api/v1/macs", "{\"vni\":5000,\"mac\":\"02:00:5e:00:53\",\"vtep\":\"hv1\"}"), 400, "mac",
                "'02:00:5e:00:53' is not a MAC address (expected six hex octets like 02:00:5e:00:53:01)");
        assertError(api.post("/api/v1/macs", "{\"vni\":5000,\"mac\":\"ff:ff:ff:ff:ff:ff\",\"vtep\":\"hv1\"}"), 400,
                "mac", "ff:ff:ff:ff:ff:ff is not a unicast station address");
        assertError(api.delete("/api/v1/macs/5000/zz"), 400, "mac",
                "'zz' is not a MAC address (expected six hex octets like 02:00:5e:00:53:01)");
    }

    @Test
    void theTopologyFetchedRightAfterAChangeShowsIt() throws Exception {
        assertThat(new JsonObject(api.get("/api/v1/topology").body()).getJsonArray("networks")).hasSize(1);

        api.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"db\"}");

        assertThat(new JsonObject(api.get("/api/v1/topology").body()).getJsonArray("networks")).hasSize(2);
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm2\",\"vni\":6000}");
        assertThat(new JsonObject(api.get("/api/v1/topology").body()).getJsonArray("bindings")).hasSize(1);
    }

    @Test
    void topologyIsOneDocumentWithVtepsTunnelsNetworksBindingsAndEndpoints() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv2\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"unix:/run/hv2/db.sock\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vni\":5000}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv2\",\"port\":\"vm2\",\"vni\":5000}");
        api.topology.reportVtep(new VtepObservation(VtepId.of("hv2"), ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("198.51.100.2")), List.of(), List.of()));
        api.post("/api/v1/macs", "{\"vni\":5000,\"mac\":\"02:00:5e:00:53:01\",\"vtep\":\"hv1\",\"port\":\"vm1\"}");

        JsonObject topology = new JsonObject(api.get("/api/v1/topology").body());

        assertThat(topology.getLong("revision")).isEqualTo(api.store.current().revision());
        assertThat(topology.getJsonArray("vteps")).hasSize(2);
        assertThat(topology.getJsonArray("vteps").getJsonObject(1).getString("state")).isEqualTo("connected");
        assertThat(topology.getJsonArray("tunnels")).hasSize(2);
        assertThat(topology.getJsonArray("tunnels").getJsonObject(0)).isEqualTo(new JsonObject().put("from", "hv1")
                .put("to", "hv2").put("localIp", "198.51.100.1").put("remoteIp", "198.51.100.2")
                .put("vnis", new JsonArray().add(5000)));
        assertThat(topology.getJsonArray("networks")).hasSize(1);
        assertThat(topology.getJsonArray("bindings")).hasSize(2);
        assertThat(topology.getJsonArray("endpoints")).hasSize(1);
        assertThat(new JsonObject(api.get("/api/v1/health").body()).getString("status")).isEqualTo("UP");
    }
}

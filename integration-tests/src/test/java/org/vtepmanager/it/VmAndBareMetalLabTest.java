package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.PingResult;
import org.vtepmanager.lab.TorSwitch;

/**
 * VMs on an OVS hypervisor and bare-metal servers behind an emulated ToR share networks, with the manager doing
 * every write: OpenFlow on the hypervisor, hardware_vtep on the ToR, MACs learned on either side reaching the other.
 */
class VmAndBareMetalLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @ParameterizedTest(name = "the ToR joins {0} the VMs are learned")
    @ValueSource(strings = {"after", "before"})
    void vmsAndServersOfOneNetworkPingBothWaysAndNothingCrossesNetworks(String torJoins) {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            TorSwitch tor1 = lab.addTor("tor1");
            Endpoint vm1 = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:07:01", "10.70.0.1/24"));
            Endpoint vm2 = lab.addVm("vm2", hv1, EndpointSpec.untagged("02:00:00:00:07:03", "10.70.0.3/24"));
            Endpoint bm1 = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:07:02", "10.70.0.2/24"));
            Endpoint bm2 = lab.addServer("bm2", tor1,
                    EndpointSpec.untagged("02:00:00:00:07:04", "10.70.0.4/24").tagged(200));
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of())) {
                register(manager, "hv1", "hypervisor", hv1.ovsdbUnixTarget());
                post(manager, "/api/v1/networks", new JsonObject().put("vni", 5000).put("name", "blue"));
                post(manager, "/api/v1/networks", new JsonObject().put("vni", 6000).put("name", "red"));
                bind(manager, "hv1", vm1.switchPort(), 0, 5000);
                bind(manager, "hv1", vm2.switchPort(), 0, 6000);
                if (torJoins.equals("after")) {
                    // The VMs speak first (nobody answers yet): the manager learns them before the ToR exists.
                    vm1.ping(bm1.ip(), 1);
                    vm2.ping(bm2.ip(), 1);
                    Await.require(CONVERGE, "vm1 and vm2 learned", () -> macs(manager),
                            macs -> macs.contains(vm1.mac()) && macs.contains(vm2.mac()));
                }
                register(manager, "tor1", "hardware-vtep", tor1.ovsdbUnixTarget());
                bind(manager, "tor1", bm1.switchPort(), 0, 5000);
                bind(manager, "tor1", bm2.switchPort(), 200, 6000);

                PingResult toServer = Await.until(CONVERGE, () -> vm1.ping(bm1.ip(), 2), PingResult::allAnswered);
                assertThat(toServer.allAnswered()).as("vm1 -> bm1: %s", toServer.output()).isTrue();
                assertThat(bm1.ping(vm1.ip(), 3).allAnswered()).as("bm1 -> vm1").isTrue();
                PingResult red = Await.until(CONVERGE, () -> bm2.ping(vm2.ip(), 2), PingResult::allAnswered);
                assertThat(red.allAnswered()).as("bm2 (VLAN 200) -> vm2: %s", red.output()).isTrue();
                assertThat(vm1.ping(bm2.ip(), 2).received()).as("blue VM -> red server").isZero();
                assertThat(bm1.ping(vm2.ip(), 2).received()).as("blue server -> red VM").isZero();

                assertThat(tor1.vtepctl("list-remote-macs", "vtep-manager-5000")).contains(vm1.mac(), hv1.tunnelIp());
                assertThat(macs(manager)).as("the server's MAC, from the ToR's Ucast_Macs_Local").contains(bm1.mac());
                assertThat(hv1.dumpFlows(Hypervisor.INTEGRATION_BRIDGE)).contains("dl_dst=" + bm1.mac());
            }
        }
    }

    private static List<String> macs(RunningManager manager) {
        return new JsonArray(manager.get("/api/v1/macs").body()).stream().map(JsonObject.class::cast)
                .map(m -> m.getString("mac")).toList();
    }

    private static void register(RunningManager manager, String id, String kind, String target) {
        post(manager, "/api/v1/vteps", new JsonObject().put("id", id).put("kind", kind).put("ovsdbTarget", target));
        Await.require(CONVERGE, id + " connected",
                () -> new JsonObject(manager.get("/api/v1/vteps/" + id).body()).getString("state"),
                "connected"::equals);
    }

    private static void bind(RunningManager manager, String vtep, String port, int vlan, int vni) {
        post(manager, "/api/v1/bindings", new JsonObject().put("vtep", vtep).put("port", port).put("vlan", vlan)
                .put("vni", vni));
    }

    private static void post(RunningManager manager, String path, JsonObject body) {
        var response = manager.post(path, body.encode());
        assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isBetween(200, 299);
    }
}

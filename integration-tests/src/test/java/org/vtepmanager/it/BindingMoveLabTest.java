package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.it.HypervisorMeshLabTest.awaitPings;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.PingResult;

/** A VM's port moved to another network through the API, on real Open vSwitch: one write, no unbinding. */
class BindingMoveLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void aVmMovedToAnotherNetworkReachesThatNetworkAndNoLongerTheOneItLeft() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("f1", hv1, EndpointSpec.untagged("02:00:00:00:0f:01", "10.91.0.1/24"));
            Endpoint vm2 = lab.addVm("f2", hv2, EndpointSpec.untagged("02:00:00:00:0f:02", "10.91.0.2/24"));
            Endpoint vm3 = lab.addVm("f3", hv2, EndpointSpec.untagged("02:00:00:00:0f:03", "10.91.0.3/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of("hv1=" + hv1.ovsdbUnixTarget(), "hv2=" + hv2.ovsdbUnixTarget()))) {
                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"blue\"}");
                manager.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"green\"}");
                manager.bind("hv1", vm1, 5000);
                manager.bind("hv2", vm2, 5000);
                manager.bind("hv2", vm3, 6000);
                awaitPings(vm1, vm2);
                assertThat(vm1.ping(vm3.ip(), 2).noneAnswered()).as("vm1 -> vm3 across networks").isTrue();

                String binding = "/api/v1/bindings/hv1/" + vm1.switchPort() + "/0";
                assertThat(manager.put(binding, "{\"vni\":6000}").statusCode()).isEqualTo(200);

                awaitPings(vm1, vm3);
                PingResult left = Await.until(CONVERGE, () -> vm1.ping(vm2.ip(), 2), PingResult::noneAnswered);
                assertThat(left.noneAnswered()).as("vm1 -> vm2, the network vm1 left: %s", left.output()).isTrue();
                assertThat(manager.get("/api/v1/macs?vni=5000").body()).as("vm1's MAC, forgotten where it left")
                        .doesNotContain(vm1.mac());
                assertThat(new JsonObject(manager.get(binding).body()).getInteger("vni")).isEqualTo(6000);
            }
        }
    }
}

package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.it.HypervisorMeshLabTest.awaitMesh;
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

/**
 * A VTEP registered with a mistyped target or tunnel IP is mended through the API, on real Open vSwitch, its VM
 * still bound.
 */
class VtepUpdateLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void aHypervisorRegisteredAtAMistypedTargetJoinsOnceItsTargetIsPatchedAndItsBoundVmAnswers() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("c1", hv1, EndpointSpec.untagged("02:00:00:00:07:01", "10.70.0.1/24"));
            Endpoint vm2 = lab.addVm("c2", hv2, EndpointSpec.untagged("02:00:00:00:07:02", "10.70.0.2/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of("hv1=" + hv1.ovsdbUnixTarget()))) {
                String typo = hv2.ovsdbUnixTarget() + ".typo";
                assertThat(manager.post("/api/v1/vteps", new JsonObject().put("id", "hv2").put("kind", "hypervisor")
                        .put("ovsdbTarget", typo).encode()).statusCode()).isEqualTo(201);
                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant\"}");
                manager.bind("hv1", vm1, 5000);
                manager.bind("hv2", vm2, 5000);
                JsonObject unreachable = Await.until(CONVERGE, () -> vtep(manager, "hv2"),
                        v -> !v.getJsonArray("problems").isEmpty());
                assertThat(unreachable.getString("state")).isEqualTo("disconnected");
                assertThat(unreachable.getJsonArray("problems").getString(0)).contains(typo);

                String etag = manager.get("/api/v1/vteps/hv2").headers().firstValue("etag").orElseThrow();
                assertThat(manager.patch("/api/v1/vteps/hv2", new JsonObject()
                        .put("ovsdbTarget", hv2.ovsdbUnixTarget()).encode()).statusCode()).isEqualTo(200);

                awaitMesh(List.of(hv1, hv2));
                awaitPings(vm1, vm2);
                JsonObject joined = vtep(manager, "hv2");
                assertThat(joined.getString("state")).isEqualTo("connected");
                assertThat(joined.getJsonArray("problems")).isEmpty();
                assertThat(manager.get("/api/v1/vteps/hv2").headers().firstValue("etag")).isNotEqualTo(etag);
                assertThat(manager.get("/api/v1/bindings").body()).contains(vm2.switchPort());
            }
        }
    }

    /** A management change must not cut the data plane: a working hypervisor given a bad target keeps forwarding. */
    @Test
    void aWorkingHypervisorGivenATargetThatFailsIsShownDisconnectedWhileItsVmsStillTalk() {
        try (Lab lab = Lab.create(); BoundPair pair = BoundPair.start(lab, dataDir)) {
            String typo = pair.hv2().ovsdbUnixTarget() + ".typo";

            pair.manager().patch("/api/v1/vteps/hv2", new JsonObject().put("ovsdbTarget", typo).encode());

            JsonObject failing = Await.until(CONVERGE, () -> vtep(pair.manager(), "hv2"),
                    v -> v.getJsonArray("problems").encode().contains("cannot connect"));
            assertThat(failing.getJsonArray("problems")).as("the failed dial's reason, not the retarget's")
                    .singleElement().asString().contains(typo, "cannot connect");
            assertThat(failing.getString("state")).isEqualTo("disconnected");
            assertThat(failing.getString("tunnelIp")).as("kept from the last session")
                    .isEqualTo(pair.hv2().tunnelIp());
            assertThat(pair.vm1().ping(pair.vm2().ip(), 3).allAnswered()).as("vm1 -> vm2 while hv2 is unmanaged")
                    .isTrue();
            assertThat(pair.hv1().vxlanPorts()).containsValue(pair.hv2().tunnelIp());

            pair.manager().patch("/api/v1/vteps/hv2", new JsonObject()
                    .put("ovsdbTarget", pair.hv2().ovsdbUnixTarget()).encode());
            JsonObject back = Await.until(CONVERGE, () -> vtep(pair.manager(), "hv2"),
                    v -> "connected".equals(v.getString("state")));
            assertThat(back.getJsonArray("problems")).isEmpty();
            awaitPings(pair.vm1(), pair.vm2());
        }
    }

    @Test
    void aMistypedTunnelIpCutsTheVtepsTunnelsAndSaysSoUntilItIsPatchedAway() {
        try (Lab lab = Lab.create(); BoundPair pair = BoundPair.start(lab, dataDir)) {
            RunningManager manager = pair.manager();
            // An address of the lab's underlay that no host has: the mistake stays inside the lab.
            String typo = pair.hv2().tunnelIp().replaceAll("\\.\\d+$", ".99");

            assertThat(manager.patch("/api/v1/vteps/hv2", new JsonObject().put("tunnelIp", typo).encode())
                    .statusCode()).isEqualTo(200);

            JsonObject mistyped = Await.until(CONVERGE, () -> vtep(manager, "hv2"),
                    v -> !v.getJsonArray("problems").isEmpty());
            assertThat(mistyped.getJsonArray("problems").getString(0)).startsWith("tunnel IP " + typo
                    + " is configured for this VTEP, but the switch reports " + pair.hv2().tunnelIp());
            assertThat(Await.until(CONVERGE, pair.hv1()::vxlanPorts, ports -> ports.containsValue(typo)))
                    .doesNotContainValue(pair.hv2().tunnelIp());
            assertThat(Await.until(CONVERGE, () -> pair.vm1().ping(pair.vm2().ip(), 2), PingResult::noneAnswered)
                    .noneAnswered()).as("vm1 -> vm2 through a tunnel to nobody").isTrue();

            manager.patch("/api/v1/vteps/hv2", "{\"tunnelIp\":null}");
            awaitMesh(List.of(pair.hv1(), pair.hv2()));
            awaitPings(pair.vm1(), pair.vm2());
            assertThat(vtep(manager, "hv2").getJsonArray("problems")).isEmpty();
        }
    }

    /** hv1 and hv2, registered under those ids, each with a VM bound in network 5000; the VMs ping each other. */
    private record BoundPair(RunningManager manager, Hypervisor hv1, Hypervisor hv2, Endpoint vm1, Endpoint vm2)
            implements AutoCloseable {

        static BoundPair start(Lab lab, Path dataDir) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("e1", hv1, EndpointSpec.untagged("02:00:00:00:09:01", "10.90.0.1/24"));
            Endpoint vm2 = lab.addVm("e2", hv2, EndpointSpec.untagged("02:00:00:00:09:02", "10.90.0.2/24"));
            RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of("hv1=" + hv1.ovsdbUnixTarget(), "hv2=" + hv2.ovsdbUnixTarget()));
            try {
                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant\"}");
                manager.bind("hv1", vm1, 5000);
                manager.bind("hv2", vm2, 5000);
                awaitPings(vm1, vm2);
            } catch (RuntimeException | AssertionError e) {
                manager.close();
                throw e;
            }
            return new BoundPair(manager, hv1, hv2, vm1, vm2);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private static JsonObject vtep(RunningManager manager, String id) {
        return new JsonObject(manager.get("/api/v1/vteps/" + id).body());
    }
}

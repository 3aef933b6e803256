package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.TorSwitch;

/**
 * Per-network replication and tunnel BFD on the ovs-vtep emulator. The emulator writes a Tunnel row per remote
 * locator with {@code bfd_status:enabled=false} and runs BFD only once {@code bfd_params:enable=true} is set on the
 * row (an operator's choice the manager leaves alone); then its bfd_status reaches the topology's tunnel.
 */
class TorReplicationAndBfdLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String SERVICE_NODE = "192.0.2.250";

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void eachNetworkGetsItsReplicationModeAndTheTorsBfdStateLabelsItsTunnel() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            TorSwitch tor1 = lab.addTor("tor1");
            Endpoint vm = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:07:01", "10.70.0.11/24"));
            Endpoint bm1 = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:07:02", "10.70.0.1/24"));
            Endpoint bm2 = lab.addServer("bm2", tor1,
                    EndpointSpec.untagged("02:00:00:00:07:03", "10.70.1.1/24").tagged(200));
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of())) {
                register(manager, "hv1", "hypervisor", hv1.ovsdbUnixTarget());
                register(manager, "tor1", "hardware-vtep", tor1.ovsdbUnixTarget());
                post(manager, "/api/v1/networks", new JsonObject().put("vni", 5000).put("name", "blue"));
                post(manager, "/api/v1/networks", new JsonObject().put("vni", 6000).put("name", "red")
                        .put("replication", new JsonObject().put("mode", "service-node")
                                .put("serviceNodes", new JsonArray().add(SERVICE_NODE))));
                bind(manager, "hv1", vm.switchPort(), 0, 5000);
                bind(manager, "tor1", bm1.switchPort(), 0, 5000);
                bind(manager, "tor1", bm2.switchPort(), 200, 6000);

                Await.require(CONVERGE, "network 6000 on tor1", () -> tor1.vtepctl("list-ls"),
                        ls -> ls.contains("vtep-manager-6000"));
                assertThat(Await.until(CONVERGE, () -> tor1.vtepctl("list-remote-macs", "vtep-manager-6000"),
                        macs -> macs.contains("unknown-dst -> vxlan_over_ipv4/" + SERVICE_NODE)))
                        .contains("unknown-dst -> vxlan_over_ipv4/" + SERVICE_NODE);
                assertThat(tor1.vtepctl("get", "Logical_Switch", "vtep-manager-6000", "replication_mode").strip())
                        .isEqualTo("service_node");
                assertThat(tor1.vtepctl("get", "Logical_Switch", "vtep-manager-5000", "replication_mode").strip())
                        .isEqualTo("source_node");

                String tunnel = Await.until(CONVERGE, () -> tunnelTo(tor1, hv1.tunnelIp()), t -> !t.isEmpty());
                assertThat(Await.until(CONVERGE, () -> tor1.vtepctl("get", "Tunnel", tunnel, "bfd_status").strip(),
                        s -> s.contains("enabled")))
                        .as("the emulator's Tunnel row before BFD runs").doesNotContain("state=");
                assertThat(manager.tunnelBfd("tor1", "hv1")).as("no BFD session, no state").isEmpty();

                tor1.vtepctl("set", "Tunnel", tunnel, "bfd_params:enable=true");
                String vxlanToTor = Await.until(CONVERGE, hv1::vxlanPorts, p -> p.containsValue(tor1.tunnelIp()))
                        .entrySet().stream().filter(e -> e.getValue().equals(tor1.tunnelIp())).findFirst()
                        .orElseThrow().getKey();
                hv1.vsctl("set", "Interface", vxlanToTor, "bfd:enable=true");

                assertThat(Await.until(CONVERGE, () -> manager.tunnelBfd("tor1", "hv1"),
                        s -> s.equals(Optional.of("up"))))
                        .as("ToR's BFD session to hv1, as the ToR reports it: %s",
                                tor1.vtepctl("get", "Tunnel", tunnel, "bfd_status")).contains("up");
                assertThat(Await.until(CONVERGE, () -> manager.tunnelBfd("hv1", "tor1"),
                        s -> s.equals(Optional.of("up"))))
                        .as("hv1's BFD session to the ToR, as hv1 reports it: %s",
                                hv1.vsctl("get", "Interface", vxlanToTor, "bfd_status")).contains("up");
            }
        }
    }

    /** The emulator's Tunnel row from its own locator to {@code remoteIp}'s, or "" while there is none. */
    private static String tunnelTo(TorSwitch tor, String remoteIp) {
        String locator = tor.vtepctl("--bare", "--columns=_uuid", "find", "Physical_Locator", "dst_ip=" + remoteIp)
                .strip();
        return locator.isEmpty() ? ""
                : tor.vtepctl("--bare", "--columns=_uuid", "find", "Tunnel", "remote=" + locator).strip();
    }

    private static void bind(RunningManager manager, String vtep, String port, int vlan, int vni) {
        post(manager, "/api/v1/bindings", new JsonObject().put("vtep", vtep).put("port", port).put("vlan", vlan)
                .put("vni", vni));
    }

    private static void register(RunningManager manager, String id, String kind, String target) {
        post(manager, "/api/v1/vteps", new JsonObject().put("id", id).put("kind", kind).put("ovsdbTarget", target));
        Await.require(CONVERGE, id + " connected",
                () -> new JsonObject(manager.get("/api/v1/vteps/" + id).body()).getString("state"),
                "connected"::equals);
    }

    private static void post(RunningManager manager, String path, JsonObject body) {
        var response = manager.post(path, body.encode());
        assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isBetween(200, 299);
    }
}

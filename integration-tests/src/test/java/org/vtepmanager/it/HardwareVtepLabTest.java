package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.LabException;
import org.vtepmanager.lab.PingResult;
import org.vtepmanager.lab.TorSwitch;

/**
 * The manager programs emulated ToRs (ovs-vtep) through hardware_vtep, proven by what the vtep databases hold and
 * by servers behind two different ToRs reaching each other (emulator ↔ emulator over VXLAN), which only works with
 * the manager's Logical_Switch, bindings, flood set and remote MACs. VM ↔ server traffic:
 * {@link VmAndBareMetalLabTest}.
 */
class HardwareVtepLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String BLUE = "vtep-manager-5000";
    private static final String RED = "vtep-manager-6000";
    /** Every table the manager writes into, directly or through references. */
    private static final List<String> WRITTEN_TABLES = List.of("Logical_Switch", "Ucast_Macs_Remote",
            "Mcast_Macs_Remote", "Physical_Locator_Set");

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void serversBehindTwoTorsReachEachOtherPerNetworkThroughRowsTheManagerWrote() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            TorSwitch tor1 = lab.addTor("tor1");
            TorSwitch tor2 = lab.addTor("tor2");
            Endpoint vm = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:06:01", "10.60.0.11/24"));
            Endpoint bm1 = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:06:02", "10.60.0.1/24"));
            Endpoint bm2 = lab.addServer("bm2", tor2, EndpointSpec.untagged("02:00:00:00:06:03", "10.60.0.2/24"));
            Endpoint bm3 = lab.addServer("bm3", tor1,
                    EndpointSpec.untagged("02:00:00:00:06:04", "10.60.0.3/24").tagged(200));
            Endpoint bm4 = lab.addServer("bm4", tor2,
                    EndpointSpec.untagged("02:00:00:00:06:05", "10.60.0.4/24").tagged(200));
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of())) {
                // Networks, bindings and the VM's MAC exist before the ToRs join.
                register(manager, "hv1", "hypervisor", hv1.ovsdbUnixTarget());
                createNetwork(manager, 5000, "blue");
                createNetwork(manager, 6000, "red");
                bind(manager, "hv1", vm.switchPort(), 0, 5000);
                post(manager, "/api/v1/macs", new JsonObject().put("vni", 5000).put("mac", vm.mac())
                        .put("vtep", "hv1").put("port", vm.switchPort()));
                registerTor(manager, "tor1", tor1);
                registerTor(manager, "tor2", tor2);
                bind(manager, "tor1", bm1.switchPort(), 0, 5000);
                bind(manager, "tor2", bm2.switchPort(), 0, 5000);
                bind(manager, "tor1", bm3.switchPort(), 200, 6000);
                bind(manager, "tor2", bm4.switchPort(), 200, 6000);

                PingResult blue = Await.until(CONVERGE, () -> bm1.ping(bm2.ip(), 2), PingResult::allAnswered);
                assertThat(blue.allAnswered()).as("bm1 -> bm2 in blue: %s", blue.output()).isTrue();
                PingResult red = Await.until(CONVERGE, () -> bm4.ping(bm3.ip(), 2), PingResult::allAnswered);
                assertThat(red.allAnswered()).as("bm4 -> bm3 in red (VLAN 200): %s", red.output()).isTrue();
                assertThat(bm1.ping(bm4.ip(), 2).received()).as("blue server -> red server").isZero();
                assertThat(bm3.ping(bm2.ip(), 2).received()).as("red server -> blue server").isZero();

                assertThat(tor1.vtepctl("list-ls").lines().toList()).containsExactly(BLUE, RED);
                assertThat(tor1.vtepctl("get", "Logical_Switch", RED, "tunnel_key").strip()).isEqualTo("6000");
                assertThat(tor1.vtepctl("list-bindings", TorSwitch.PHYSICAL_SWITCH, bm3.switchPort()).strip())
                        .isEqualTo("0200 " + RED);
                String remote = Await.until(CONVERGE, () -> tor2.vtepctl("list-remote-macs", BLUE),
                        macs -> macs.contains(bm1.mac()));
                assertThat(remote).as("tor2's remote MACs in blue").contains(
                        "  " + bm1.mac() + " -> vxlan_over_ipv4/" + tor1.tunnelIp(),
                        "  " + vm.mac() + " -> vxlan_over_ipv4/" + hv1.tunnelIp(),
                        "  unknown-dst -> vxlan_over_ipv4/" + hv1.tunnelIp(),
                        "  unknown-dst -> vxlan_over_ipv4/" + tor1.tunnelIp());
                String bm4Remote = "  " + bm4.mac() + " -> vxlan_over_ipv4/" + tor2.tunnelIp();
                assertThat(Await.until(CONVERGE, () -> tor1.vtepctl("list-remote-macs", RED),
                        m -> m.contains(bm4Remote)))
                        .contains(bm4Remote).doesNotContain(hv1.tunnelIp()).doesNotContain(vm.mac());
                assertThat(Await.until(CONVERGE, hv1::vxlanPorts, p -> p.size() == 2).values())
                        .as("the ToRs are members of the hypervisors' tunnel mesh")
                        .containsExactlyInAnyOrder(tor1.tunnelIp(), tor2.tunnelIp());
                JsonObject bm1Entry = new JsonArray(manager.get("/api/v1/macs").body()).stream()
                        .map(JsonObject.class::cast).filter(m -> bm1.mac().equals(m.getString("mac"))).findFirst()
                        .orElseThrow();
                assertThat(bm1Entry.getString("source")).isEqualTo("hardware-vtep");
                assertThat(bm1Entry.getString("vtep")).isEqualTo("tor1");
                JsonObject tor1View = new JsonObject(manager.get("/api/v1/vteps/tor1").body());
                assertThat(tor1View.getString("state")).isEqualTo("connected");
                assertThat(tor1View.getString("tunnelIp")).isEqualTo(tor1.tunnelIp());
                assertThat(tor1View.getJsonArray("problems")).isEmpty();
            }
        }
    }

    @Test
    void aTorThatDialsInIsManagedARestartChangesNoRowAndUnbindingRemovesEveryRowWeWrote() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            TorSwitch tor1 = lab.addTor("tor1");
            TorSwitch tor2 = lab.addTor("tor2");
            Endpoint bm1 = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:07:02", "10.70.0.1/24"));
            Endpoint bm2 = lab.addServer("bm2", tor2, EndpointSpec.untagged("02:00:00:00:07:03", "10.70.0.2/24"));
            Map<String, String> before = tables(tor1);
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of())) {
                register(manager, "hv1", "hypervisor", hv1.ovsdbUnixTarget());
                createNetwork(manager, 5000, "blue");
                bind(manager, "hv1", "vm-port", 0, 5000);
                tor1.setManager(manager.passiveOvsdbTarget());
                // Registered under its Physical_Switch name.
                Await.require(CONVERGE, "tor1 registered when it dialled in",
                        () -> manager.get("/api/v1/vteps/" + TorSwitch.PHYSICAL_SWITCH).statusCode(),
                        status -> status == 200);
                registerTor(manager, "tor2", tor2);
                bind(manager, TorSwitch.PHYSICAL_SWITCH, bm1.switchPort(), 0, 5000);
                bind(manager, "tor2", bm2.switchPort(), 0, 5000);
                PingResult ping = Await.until(CONVERGE, () -> bm2.ping(bm1.ip(), 2), PingResult::allAnswered);
                assertThat(ping.allAnswered()).as("bm2 -> bm1: %s", ping.output()).isTrue();
                Await.require(CONVERGE, "bm2's MAC remote on tor1", () -> tor1.vtepctl("list-remote-macs", BLUE),
                        m -> m.contains(bm2.mac()));
                Map<String, String> managed = tables(tor1);
                assertThat(managed.get("Mcast_Macs_Remote")).isNotEqualTo("[]");
                Await.require(CONVERGE, "bm1's MAC remote on tor2", () -> tor2.vtepctl("list-remote-macs", BLUE),
                        m -> m.contains(bm1.mac()));
                Map<String, String> managedTor2 = tables(tor2);

                manager.restart();
                Await.require(CONVERGE, "tor1 connected again", () -> new JsonObject(manager.get("/api/v1/vteps/"
                        + TorSwitch.PHYSICAL_SWITCH).body()).getString("state"), "connected"::equals);
                Await.require(CONVERGE, "hv1 connected again", () -> new JsonObject(manager.get("/api/v1/vteps/hv1")
                        .body()).getString("state"), "connected"::equals);
                assertThat(bm2.ping(bm1.ip(), 2).allAnswered()).isTrue();
                assertThat(tables(tor1)).as("every row the manager wrote, after a restart").isEqualTo(managed);
                // tor2 is dialled at once, tor1 dials in a second later: meanwhile tor2 keeps what it learned of tor1.
                assertThat(tables(tor2)).as("tor2's rows, after a restart").isEqualTo(managedTor2);

                assertThat(manager.delete("/api/v1/bindings/" + TorSwitch.PHYSICAL_SWITCH + "/" + bm1.switchPort()
                        + "/0").statusCode()).isEqualTo(204);
                Map<String, String> after = Await.until(CONVERGE, () -> tables(tor1), t -> t.equals(before));
                assertThat(after).as("what tor1 held before the manager").isEqualTo(before);
                assertThat(tor1.vtepctl("list-bindings", TorSwitch.PHYSICAL_SWITCH, bm1.switchPort())).isBlank();
                assertThat(bm2.ping(bm1.ip(), 2).received()).as("bm2 -> unbound bm1").isZero();
            }
        }
    }

    @Test
    void aRestartedTorDatabaseIsReconnectedAndRowsDeletedMeanwhileAreRestored() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            TorSwitch tor1 = lab.addTor("tor1");
            Endpoint bm1 = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:08:02", "10.80.0.1/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of())) {
                register(manager, "hv1", "hypervisor", hv1.ovsdbUnixTarget());
                createNetwork(manager, 5000, "blue");
                bind(manager, "hv1", "vm-port", 0, 5000);
                registerTor(manager, "tor1", tor1);
                bind(manager, "tor1", bm1.switchPort(), 0, 5000);
                Await.require(CONVERGE, "hv1's locator on tor1", () -> tor1.vtepctl("list-remote-macs", BLUE),
                        m -> m.contains(hv1.tunnelIp()));
                Map<String, String> managed = tables(tor1);

                tor1.restartDatabase();
                tor1.vtepctl("clear-remote-macs", BLUE);
                assertThat(Await.until(CONVERGE, () -> unbound(tor1, bm1.switchPort()), done -> done))
                        .as("%s unbound by hand", bm1.switchPort()).isTrue();

                String restored = Await.until(CONVERGE, () -> tor1.vtepctl("list-remote-macs", BLUE),
                        m -> m.contains("unknown-dst -> vxlan_over_ipv4/" + hv1.tunnelIp()));
                assertThat(restored).contains("unknown-dst -> vxlan_over_ipv4/" + hv1.tunnelIp());
                assertThat(Await.until(CONVERGE, () -> tor1.vtepctl("list-bindings", TorSwitch.PHYSICAL_SWITCH,
                        bm1.switchPort()).strip(), ("0000 " + BLUE)::equals)).isEqualTo("0000 " + BLUE);
                assertThat(tables(tor1).get("Logical_Switch")).isEqualTo(managed.get("Logical_Switch"));
                assertThat(new JsonObject(manager.get("/api/v1/vteps/tor1").body()).getString("state"))
                        .isEqualTo("connected");

                // A MAC that appears after the ToR joined reaches it; when it goes, so does its row.
                String vmMac = "02:00:00:00:08:77";
                post(manager, "/api/v1/macs", new JsonObject().put("vni", 5000).put("mac", vmMac).put("vtep", "hv1"));
                String added = "  " + vmMac + " -> vxlan_over_ipv4/" + hv1.tunnelIp();
                assertThat(Await.until(CONVERGE, () -> tor1.vtepctl("list-remote-macs", BLUE), m -> m.contains(added)))
                        .contains(added);
                assertThat(manager.delete("/api/v1/macs/5000/" + vmMac).statusCode()).isEqualTo(204);
                assertThat(Await.until(CONVERGE, () -> tor1.vtepctl("list-remote-macs", BLUE), m -> !m.contains(vmMac)))
                        .doesNotContain(vmMac);
            }
        }
    }

    @Test
    void aSecondTorDiallingInUnderTheSameSwitchNameIsNotManagedAsTheFirst() {
        try (Lab lab = Lab.create()) {
            TorSwitch tor1 = lab.addTor("tor1");
            TorSwitch tor2 = lab.addTor("tor2");
            Endpoint bm1 = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:09:02", "10.90.0.1/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of())) {
                createNetwork(manager, 5000, "blue");
                tor1.setManager(manager.passiveOvsdbTarget());
                Await.require(CONVERGE, "tor1 registered when it dialled in",
                        () -> manager.get("/api/v1/vteps/" + TorSwitch.PHYSICAL_SWITCH).statusCode(),
                        status -> status == 200);
                tor2.setManager(manager.passiveOvsdbTarget());
                Await.require(CONVERGE, "tor2's session with the manager",
                        () -> tor2.vtepctl("--columns=is_connected", "list", "Manager"), out -> out.contains("true"));
                bind(manager, TorSwitch.PHYSICAL_SWITCH, bm1.switchPort(), 0, 5000);

                Await.require(CONVERGE, "the blue Logical_Switch on tor1", () -> tor1.vtepctl("list-ls"),
                        ls -> ls.contains(BLUE));
                assertThat(tor1.vtepctl("list-ls").strip()).isEqualTo(BLUE);
                assertThat(tor2.vtepctl("list-ls")).as("the second br0 is not written to").isBlank();
                assertThat(new JsonArray(manager.get("/api/v1/vteps").body())).hasSize(1);
            }
        }
    }

    private static void createNetwork(RunningManager manager, int vni, String name) {
        post(manager, "/api/v1/networks", new JsonObject().put("vni", vni).put("name", name));
    }

    private static void bind(RunningManager manager, String vtep, String port, int vlan, int vni) {
        post(manager, "/api/v1/bindings", new JsonObject().put("vtep", vtep).put("port", port).put("vlan", vlan)
                .put("vni", vni));
    }

    private static void registerTor(RunningManager manager, String id, TorSwitch tor) {
        register(manager, id, "hardware-vtep", tor.ovsdbUnixTarget());
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

    /** The rows (UUID and columns) of every table the manager writes, plus the ports' bindings. */
    private static Map<String, String> tables(TorSwitch tor) {
        Map<String, String> rows = new TreeMap<>();
        for (String table : WRITTEN_TABLES) {
            rows.put(table, tor.vtepctl("list", table).lines().filter(l -> !l.isBlank()).sorted().toList().toString());
        }
        rows.put("Physical_Port", tor.vtepctl("--columns=_uuid,name,vlan_bindings", "list", "Physical_Port").lines()
                .filter(l -> !l.isBlank()).sorted().toList().toString());
        return rows;
    }

    /**
     * Unbinds {@code port} by hand, as an operator would; false while the port is missing. The ToR emulator
     * (ovs-vtep) compares br0's ports with the database's once a second, and in the second its database restarts it
     * can read br0 as empty (ovsdb-server down) and then drop the port from the database (back up), to add it again
     * without bindings a second later.
     */
    private static boolean unbound(TorSwitch tor, String port) {
        try {
            tor.vtepctl("unbind-ls", TorSwitch.PHYSICAL_SWITCH, port, "0");
            return true;
        } catch (LabException portMissing) {
            return false;
        }
    }
}

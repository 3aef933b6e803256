package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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

/** The manager keeps br-int and the VXLAN mesh true on real Open vSwitch hypervisors. */
class HypervisorMeshLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    /** OVS notices a dead controller connection within two probe intervals (5 s each); the manager's grace is 15 s. */
    private static final Duration CUT_OFF = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void threeHypervisorsGetSixTunnelPortsAFourthMakesTwelveAndALeaveTakesItsPortsEverywhere() {
        try (Lab lab = Lab.create()) {
            List<Hypervisor> hvs = List.of(lab.addHypervisor("hv1"), lab.addHypervisor("hv2"),
                    lab.addHypervisor("hv3"), lab.addHypervisor("hv4"));
            Endpoint vm = lab.addVm("vm1", hvs.get(0), EndpointSpec.untagged("02:00:00:00:04:01", "10.40.0.1/24"));
            List<String> firstThree = hvs.subList(0, 3).stream().map(Hypervisor::ovsdbUnixTarget).toList();
            try (RunningManager manager = RunningManager.start(lab, dataDir, firstThree)) {
                awaitMesh(hvs.subList(0, 3));
                assertThat(totalPorts(hvs.subList(0, 3))).isEqualTo(6);
                assertMetricsShowUp(manager, 3, 6);
                Hypervisor hv1 = hvs.get(0);
                assertThat(hv1.vsctl("get-controller", "br-int").strip()).isEqualTo(manager.controllerTarget());
                assertThat(hv1.vsctl("get-fail-mode", "br-int").strip()).isEqualTo("secure");
                assertThat(hv1.vsctl("get", "Bridge", "br-int", "protocols").strip()).isEqualTo("[OpenFlow13]");
                JsonObject port = vtepWithPorts(manager, hv1).getJsonArray("ports").getJsonObject(0);
                assertThat(port.getString("name")).isEqualTo(vm.switchPort());
                assertThat(port.getString("mac")).isEqualTo(vm.mac());
                assertThat(port.getString("ifaceId")).isEqualTo(lab.prefix() + "-vm1");
                assertThat(port.getLong("ofport")).isPositive();

                JsonObject fourth = new JsonObject(manager.post("/api/v1/vteps", new JsonObject()
                        .put("id", "hv4").put("kind", "hypervisor").put("ovsdbTarget", hvs.get(3).ovsdbUnixTarget())
                        .encode()).body());
                assertThat(fourth.getString("id")).isEqualTo("hv4");
                awaitMesh(hvs);
                assertThat(totalPorts(hvs)).isEqualTo(12);
                JsonObject hv4 = vtep(manager, "hv4");
                assertThat(hv4.getString("state")).isEqualTo("connected");
                assertThat(hv4.getString("tunnelIp")).isEqualTo(hvs.get(3).tunnelIp());

                Hypervisor fourthHost = hvs.get(3);
                assertThat(fourthHost.databaseSessions()).as("its ovs-vswitchd's and the manager's").isEqualTo(2);
                assertThat(manager.delete("/api/v1/vteps/hv4").statusCode()).isEqualTo(204);
                awaitMesh(hvs.subList(0, 3));
                assertThat(hv1.vxlanPorts()).doesNotContainValue(fourthHost.tunnelIp());
                assertThat(Await.until(CONVERGE, fourthHost::databaseSessions, sessions -> sessions == 1))
                        .as("no longer registered, so no longer dialled: its ovs-vswitchd's session alone")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aHandDeletedTunnelPortComesBackSaidOnceAForeignPortStaysAndARestartChangesNoRow() {
        try (Lab lab = Lab.create(); RepairLines repairs = new RepairLines()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()))) {
                awaitMesh(List.of(hv1, hv2));
                String ours = hv1.vxlanPorts().keySet().iterator().next();
                hv1.vsctl("add-port", "br-int", "foreign0", "--", "set", "Interface", "foreign0", "type=vxlan",
                        "options:remote_ip=172.31.255.254", "options:key=99");
                hv1.vsctl("del-port", "br-int", ours);

                Map<String, String> repaired = Await.until(CONVERGE, hv1::vxlanPorts, p -> p.containsKey(ours));
                assertThat(repaired).containsKeys(ours, "foreign0");
                assertThat(repairs.lines()).as("the WARN of the repair, and only it").singleElement().asString()
                        .contains("vtep=\"" + vtepIdOf(manager, hv1.ovsdbUnixTarget()) + "\"")
                        .contains(hv1.ovsdbUnixTarget()).contains("tunnel port " + ours + " to " + hv2.tunnelIp());

                String before = rowUuids(hv1);
                manager.restart();
                awaitConnected(manager, 2);
                assertThat(rowUuids(hv1)).isEqualTo(before);
                assertThat(hv1.vxlanPorts()).containsKey("foreign0");
                assertThat(repairs.lines()).as("nothing repaired by the restart").hasSize(1);
            }
        }
    }

    @Test
    void aHypervisorThatDialsTheManagerIsRegisteredAndManagedLikeADialledOne() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of(hv1.ovsdbUnixTarget()))) {
                hv2.setManager(manager.passiveOvsdbTarget());

                awaitMesh(List.of(hv1, hv2));
                JsonObject registered = vtep(manager, lab.prefix() + "-hv2");
                assertThat(registered.getString("state")).isEqualTo("connected");
                assertThat(registered.getValue("ovsdbTarget")).isNull();
                assertThat(hv2.vsctl("get-controller", "br-int").strip()).isEqualTo(manager.controllerTarget());
            }
        }
    }

    @Test
    void aRestartedSwitchDatabaseIsReconnectedAndRepairedWithoutDuplicates() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget(), "unix:/nonexistent/db.sock"))) {
                awaitMesh(List.of(hv1, hv2));

                hv1.restartDatabase();
                hv1.vsctl("del-port", "br-int", hv1.vxlanPorts().keySet().iterator().next());

                Await.require(CONVERGE, "hv1's one tunnel port", hv1::vxlanPorts, p -> p.size() == 1);
                assertThat(hv1.vxlanPorts()).hasSize(1).containsValue(hv2.tunnelIp());
                assertThat(hv1.vsctl("--columns=_uuid", "list", "Controller").lines()
                        .filter(line -> !line.isBlank()).count()).isEqualTo(1);
                assertThat(new JsonArray(manager.get("/api/v1/vteps").body()).stream().map(JsonObject.class::cast)
                        .filter(v -> "unix:/nonexistent/db.sock".equals(v.getString("ovsdbTarget"))))
                        .singleElement().extracting(v -> v.getJsonArray("problems").encode()).asString()
                        .contains("cannot connect");
            }
        }
    }

    @Test
    void twoHypervisorsReportingOneTunnelIpLoseTheirOwnPortsUntilTheOperatorSaysWhoseItIsOrTheCopyChangesIt() {
        try (Lab lab = Lab.create()) {
            List<Hypervisor> hvs = List.of(lab.addHypervisor("hv1"), lab.addHypervisor("hv2"),
                    lab.addHypervisor("hv3"));
            List<Endpoint> vms = List.of(
                    lab.addVm("a1", hvs.get(0), EndpointSpec.untagged("02:00:00:00:05:01", "10.50.0.1/24")),
                    lab.addVm("a2", hvs.get(1), EndpointSpec.untagged("02:00:00:00:05:02", "10.50.0.2/24")),
                    lab.addVm("a3", hvs.get(2), EndpointSpec.untagged("02:00:00:00:05:03", "10.50.0.3/24")));
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    hvs.stream().map(Hypervisor::ovsdbUnixTarget).toList())) {
                awaitMesh(hvs);
                bindInOneNetwork(manager, hvs, vms);
                awaitPings(vms.get(1), vms.get(0), vms.get(2));
                Hypervisor hv3 = hvs.get(2);
                String hv1Id = vtepWithPorts(manager, hvs.get(0)).getString("id");
                String hv3Id = vtepWithPorts(manager, hv3).getString("id");

                hv3.vsctl("set", "Open_vSwitch", ".", "other_config:local_ip=" + hvs.get(0).tunnelIp());

                List<String> leftOut = Await.until(CONVERGE, () -> leftOutOfTheMesh(manager), ids -> ids.size() == 2);
                assertThat(leftOut).as("VTEPs whose problems say they are left out").containsExactlyInAnyOrder(hv1Id,
                        hv3Id);
                for (Hypervisor hv : List.of(hvs.get(0), hv3)) {
                    assertThat(Await.until(CONVERGE, hv::vxlanPorts, Map::isEmpty)).as("ports of %s", hv.name())
                            .isEmpty();
                }
                assertThat(hvs.get(1).vxlanPorts()).as("hv2's ports towards the two, kept").hasSize(2);

                // The operator says whose the address is, without touching either host: a configured claim wins.
                assertThat(manager.patch("/api/v1/vteps/" + hv1Id, new JsonObject()
                        .put("tunnelIp", hvs.get(0).tunnelIp()).encode()).statusCode()).isEqualTo(200);
                awaitPings(vms.get(1), vms.get(0));
                assertThat(leftOutOfTheMesh(manager)).as("the copy alone").containsExactly(hv3Id);

                hv3.vsctl("set", "Open_vSwitch", ".", "other_config:local_ip=" + hv3.tunnelIp());
                awaitMesh(hvs);
                awaitPings(vms.get(1), vms.get(0), vms.get(2));
                assertThat(vtep(manager, hv3Id).getJsonArray("problems")).isEmpty();
            }
        }
    }

    /**
     * A blackhole route to the manager in the hypervisor's namespace cuts its OpenFlow connection and leaves its
     * OVSDB session (a unix socket) alone: only ovs-vswitchd's Controller row tells the manager.
     */
    @Test
    void aBridgeCutOffFromTheManagersOpenFlowPortIsAProblemUntilItReconnects() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of(hv1.ovsdbUnixTarget()))) {
                String connected = Await.until(CONVERGE, () -> hv1.vsctl("--if-exists", "get", "Controller",
                        "br-int", "is_connected").strip(), "true"::equals);
                assertThat(connected).as("br-int connected to the manager before the cut").isEqualTo("true");
                String blackhole = lab.managerAddress() + "/32";
                hv1.exec("ip", "route", "add", "blackhole", blackhole).orThrow();
                try {
                    JsonObject cut = Await.until(CUT_OFF, () -> vtepAt(manager, hv1),
                            v -> !v.getJsonArray("problems").isEmpty());
                    assertThat(cut.getJsonArray("problems")).as("problems of hv1").hasSize(1);
                    assertThat(cut.getJsonArray("problems").getString(0))
                            .startsWith("bridge br-int has not been connected to the manager's OpenFlow controller "
                                    + manager.controllerTarget() + " for more than 15 s");
                    assertThat(hv1.vsctl("get", "Controller", "br-int", "is_connected").strip()).isEqualTo("false");
                } finally {
                    hv1.exec("ip", "route", "del", "blackhole", blackhole).orThrow();
                }
                JsonObject back = Await.until(CUT_OFF, () -> vtepAt(manager, hv1),
                        v -> v.getJsonArray("problems").isEmpty());
                assertThat(back.getJsonArray("problems")).isEmpty();
            }
        }
    }

    /**
     * With BFD on both ends of a tunnel (the operator's choice: {@code ovs-vsctl set Interface PORT bfd:enable=true}),
     * a cut in the underlay is each end's BFD state and a problem of each hypervisor until the path is back. Without
     * it the tunnel looked the same as a working one.
     */
    @Test
    void aTunnelWhoseUnderlayPathBreaksIsAProblemOfBothEndsWhileBfdRunsOnIt() {
        try (Lab lab = Lab.create()) {
            List<Hypervisor> hvs = List.of(lab.addHypervisor("hv1"), lab.addHypervisor("hv2"));
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    hvs.stream().map(Hypervisor::ovsdbUnixTarget).toList())) {
                awaitMesh(hvs);
                hvs.forEach(hv -> hv.vxlanPorts().keySet()
                        .forEach(port -> hv.vsctl("set", "Interface", port, "bfd:enable=true")));
                String hv1 = vtepAt(manager, hvs.get(0)).getString("id");
                String hv2 = vtepAt(manager, hvs.get(1)).getString("id");
                assertThat(Await.until(CONVERGE, () -> manager.tunnelBfd(hv1, hv2),
                        s -> s.equals(Optional.of("up")))).as("hv1's session to hv2").contains("up");
                assertThat(Await.until(CONVERGE, () -> manager.tunnelBfd(hv2, hv1),
                        s -> s.equals(Optional.of("up")))).as("hv2's session to hv1").contains("up");

                hvs.get(1).setUplinkUp(false);
                try {
                    for (Hypervisor hv : hvs) {
                        JsonObject cut = Await.until(CUT_OFF, () -> vtepAt(manager, hv), v -> v.getJsonArray(
                                "problems").stream().anyMatch(p -> p.toString().contains("bfd_status")));
                        assertThat(cut.getJsonArray("problems").getList()).as("problems of %s", hv.name())
                                .anySatisfy(p -> assertThat(p.toString()).startsWith("tunnel Interface ")
                                        .contains(" to " + hvs.get(hv == hvs.get(0) ? 1 : 0).tunnelIp())
                                        .endsWith(": bfd_status forwarding=false (diagnostic 'Control Detection "
                                                + "Time Expired')"));
                    }
                    assertThat(manager.tunnelBfd(hv1, hv2)).contains("down");
                } finally {
                    hvs.get(1).setUplinkUp(true);
                }
                for (Hypervisor hv : hvs) {
                    JsonObject back = Await.until(CUT_OFF, () -> vtepAt(manager, hv),
                            v -> v.getJsonArray("problems").isEmpty());
                    assertThat(back.getJsonArray("problems")).as("problems of %s", hv.name()).isEmpty();
                }
                assertThat(Await.until(CONVERGE, () -> manager.tunnelBfd(hv1, hv2),
                        s -> s.equals(Optional.of("up")))).as("hv1's session to hv2 again").contains("up");
            }
        }
    }

    /**
     * An ovs-vswitchd that crashed leaves "connected" in its Controller row, and the hypervisor's OVSDB session
     * stays up: only the manager's side knows that the bridge's OpenFlow session is gone.
     */
    @Test
    void aHypervisorWhoseSwitchDaemonCrashedIsAProblemUntilItRunsAgain() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            try (RunningManager manager = RunningManager.start(lab, dataDir, List.of(hv1.ovsdbUnixTarget()))) {
                Await.until(CONVERGE, () -> hv1.vsctl("--if-exists", "get", "Controller", "br-int",
                        "is_connected").strip(), "true"::equals);
                String datapath = hv1.vsctl("get", "Bridge", "br-int", "datapath_id").strip().replace("\"", "");

                hv1.crashSwitch();
                try {
                    JsonObject crashed = Await.until(CUT_OFF, () -> vtepAt(manager, hv1),
                            v -> !v.getJsonArray("problems").isEmpty());
                    assertThat(crashed.getJsonArray("problems")).as("problems of hv1").hasSize(1);
                    assertThat(crashed.getJsonArray("problems").getString(0)).startsWith("the manager has held no "
                            + "OpenFlow session from this hypervisor's integration bridge (datapath "
                            + datapath.replaceAll("(..)(?!$)", "$1:") + ") for more than 15 s, while ovs-vswitchd "
                            + "last reported it connected");
                    assertThat(crashed.getString("state")).isEqualTo("connected");
                    assertThat(hv1.vsctl("get", "Controller", "br-int", "is_connected").strip())
                            .as("what the database still says").isEqualTo("true");
                } finally {
                    hv1.startSwitch();
                }
                JsonObject back = Await.until(CUT_OFF, () -> vtepAt(manager, hv1),
                        v -> v.getJsonArray("problems").isEmpty());
                assertThat(back.getJsonArray("problems")).isEmpty();
            }
        }
    }

    /**
     * A hand-made tunnel to a mesh member, there before the manager: the userspace datapath refuses our second one
     * to the same IP ("File exists"), and ovs-vswitchd would not try it again on its own once the first is gone.
     */
    @Test
    void aTunnelBlockedByAHandMadeOneIsAProblemNamingItAndIsCreatedOnceItIsRemoved() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("b1", hv1, EndpointSpec.untagged("02:00:00:00:06:01", "10.60.0.1/24"));
            Endpoint vm2 = lab.addVm("b2", hv2, EndpointSpec.untagged("02:00:00:00:06:02", "10.60.0.2/24"));
            hv1.ensureIntegrationBridge();
            hv1.vsctl("add-port", "br-int", "handmade", "--", "set", "Interface", "handmade", "type=vxlan",
                    "options:remote_ip=" + hv2.tunnelIp(), "options:local_ip=" + hv1.tunnelIp(),
                    "options:key=flow");
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()))) {
                JsonObject blocked = Await.until(CONVERGE, () -> vtepAt(manager, hv1),
                        v -> v.getJsonArray("problems").encode().contains("handmade"));
                assertThat(blocked.getJsonArray("problems")).as("problems of hv1").hasSize(1);
                assertThat(blocked.getJsonArray("problems").getString(0))
                        .contains("ovs-vswitchd could not create it: could not add network device")
                        .contains("port handmade, not made by vtep-manager, tunnels to " + hv2.tunnelIp());

                hv1.vsctl("del-port", "br-int", "handmade");
                JsonObject created = Await.until(CONVERGE, () -> vtepAt(manager, hv1),
                        v -> v.getJsonArray("problems").isEmpty());
                assertThat(created.getJsonArray("problems")).isEmpty();

                // A port added before its device, as a VIF script may: ovs-vswitchd cannot open it.
                hv1.vsctl("--no-wait", "add-port", "br-int", "ghost");
                JsonObject ghost = Await.until(CONVERGE, () -> vtepAt(manager, hv1),
                        v -> v.getJsonArray("problems").encode().contains("ghost"));
                assertThat(ghost.getJsonArray("problems")).containsExactly("Interface ghost on br-int: ovs-vswitchd "
                        + "could not add it: could not open network device ghost (No such device)");
                hv1.vsctl("--no-wait", "del-port", "br-int", "ghost");
                Await.require(CONVERGE, "hv1 without problems once ghost is gone", () -> vtepAt(manager, hv1),
                        v -> v.getJsonArray("problems").isEmpty());
                bindInOneNetwork(manager, List.of(hv1, hv2), List.of(vm1, vm2));
                awaitPings(vm1, vm2);
            }
        }
    }

    /**
     * A bridge given another's datapath id (a copied other-config:datapath-id): OpenFlow cannot tell the two apart,
     * so each VTEP says so, naming the other, and neither is programmed, which keeps the flows their VMs talk
     * through (programming one with the other's ports cut both off); once one has its own id, both are again.
     */
    @Test
    void twoBridgesWithOneDatapathIdAreAProblemOfBothAndTalkAgainOnceOneHasItsOwn() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("d1", hv1, EndpointSpec.untagged("02:00:00:00:07:01", "10.70.0.1/24"));
            Endpoint vm2 = lab.addVm("d2", hv2, EndpointSpec.untagged("02:00:00:00:07:02", "10.70.0.2/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()))) {
                bindInOneNetwork(manager, List.of(hv1, hv2), List.of(vm1, vm2));
                awaitPings(vm1, vm2);
                String shared = hv1.vsctl("get", "Bridge", "br-int", "datapath_id").strip().replace("\"", "");

                hv2.vsctl("set", "Bridge", "br-int", "other-config:datapath-id=" + shared);
                String problem = "datapath id " + shared + " of the integration bridge is also ";
                JsonObject second = Await.until(CONVERGE, () -> vtepAt(manager, hv2),
                        v -> v.getJsonArray("problems").encode().contains(problem));
                assertThat(second.getJsonArray("problems").encode())
                        .contains(problem + vtepAt(manager, hv1).getString("id") + "'s");
                assertThat(vtepAt(manager, hv1).getJsonArray("problems").encode())
                        .contains(problem + second.getString("id") + "'s");
                List<Set<String>> heldFlows = List.of(flowsOf(hv1), flowsOf(hv2));
                assertThat(heldFlows.get(0)).as("hv1's flows").anyMatch(flow -> flow.contains("dl_dst=" + vm2.mac()));
                PingResult meanwhile = vm1.ping(vm2.ip(), 25);
                // The flows prove that neither bridge was touched; the echoes, that traffic goes on. One echo of 25
                // was once lost in CI with nothing else amiss, so one loss is not taken for a broken overlay.
                assertThat(List.of(flowsOf(hv1), flowsOf(hv2))).as("the flows of both bridges").isEqualTo(heldFlows);
                assertThat(meanwhile.received()).as("while the bridges replace each other's OpenFlow connection: %s",
                        meanwhile.output()).isGreaterThanOrEqualTo(24);

                hv2.vsctl("set", "Bridge", "br-int", "other-config:datapath-id=00000000000a0b0c");
                for (Hypervisor hv : List.of(hv1, hv2)) {
                    Await.require(CONVERGE, hv.name() + " without problems", () -> vtepAt(manager, hv),
                            v -> v.getJsonArray("problems").isEmpty());
                }
                awaitPings(vm1, vm2);
            }
        }
    }

    /** Network 5000, with the i-th VM bound untagged on its port of the i-th hypervisor. */
    private static void bindInOneNetwork(RunningManager manager, List<Hypervisor> hvs, List<Endpoint> vms) {
        manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant\"}");
        for (int i = 0; i < hvs.size(); i++) {
            String body = new JsonObject().put("vtep", vtepWithPorts(manager, hvs.get(i)).getString("id"))
                    .put("port", vms.get(i).switchPort()).put("vlan", 0).put("vni", 5000).encode();
            assertThat(manager.post("/api/v1/bindings", body).statusCode()).isEqualTo(201);
        }
    }

    /** Our flows on the integration bridge, each by identity, without counters or age ({@link FlowDump}). */
    private static Set<String> flowsOf(Hypervisor hv) {
        return FlowDump.ours(hv.dumpFlows(Hypervisor.INTEGRATION_BRIDGE)).keySet();
    }

    /** The API's view of the VTEP whose tunnel IP is {@code hv}'s (empty until there is one). */
    private static JsonObject vtepAt(RunningManager manager, Hypervisor hv) {
        return new JsonArray(manager.get("/api/v1/vteps").body()).stream().map(JsonObject.class::cast)
                .filter(v -> hv.tunnelIp().equals(v.getString("tunnelIp"))).findFirst()
                .orElse(new JsonObject().put("problems", new JsonArray()));
    }

    private static List<String> leftOutOfTheMesh(RunningManager manager) {
        return new JsonArray(manager.get("/api/v1/vteps").body()).stream().map(JsonObject.class::cast)
                .filter(v -> v.getJsonArray("problems").stream().anyMatch(p -> p.toString().contains("left out")))
                .map(v -> v.getString("id")).toList();
    }

    /** {@code from} pings each of {@code to}. */
    static void awaitPings(Endpoint from, Endpoint... to) {
        for (Endpoint target : to) {
            PingResult ping = Await.until(CONVERGE, () -> from.ping(target.ip(), 2), PingResult::allAnswered);
            assertThat(ping.allAnswered()).as("%s -> %s: %s", from.name(), target.name(), ping.output()).isTrue();
        }
    }

    static void awaitMesh(List<Hypervisor> hvs) {
        for (Hypervisor hv : hvs) {
            List<String> others = hvs.stream().filter(o -> o != hv).map(Hypervisor::tunnelIp).sorted().toList();
            Predicate<Map<String, String>> meshed = ports -> ports.values().stream().sorted().toList().equals(others);
            Map<String, String> ports = Await.until(CONVERGE, hv::vxlanPorts, meshed);
            assertThat(ports.values()).as("tunnel ports of %s", hv.name()).containsExactlyInAnyOrderElementsOf(others);
        }
    }

    /**
     * What Prometheus would scrape: every VTEP up with flows of ours, the tunnels between them, and each bridge
     * connected over OpenFlow, sent what its flows took.
     */
    private static void assertMetricsShowUp(RunningManager manager, int vteps, int tunnels) {
        List<String> samples = Await.until(CONVERGE, () -> manager.get("/metrics").body().lines()
                .filter(line -> line.startsWith("vtep_manager_")).toList(),
                lines -> lines.stream().filter(l -> l.startsWith("vtep_manager_vtep_flows{")).count() == vteps);
        assertThat(samples).filteredOn(l -> l.startsWith("vtep_manager_vtep_up{")).hasSize(vteps)
                .allMatch(l -> l.endsWith(" 1.0"));
        assertThat(samples).filteredOn(l -> l.startsWith("vtep_manager_vtep_flows{")).hasSize(vteps)
                .noneMatch(l -> l.endsWith(" 0.0"));
        assertThat(samples).contains("vtep_manager_tunnels{bfd=\"none\"} " + tunnels + ".0",
                "vtep_manager_openflow_switches " + vteps + ".0");
        assertThat(samples).filteredOn(l -> l.startsWith("vtep_manager_openflow_messages_sent_total "))
                .singleElement().asString().doesNotEndWith(" 0.0");
    }

    private static int totalPorts(List<Hypervisor> hvs) {
        return hvs.stream().mapToInt(hv -> hv.vxlanPorts().size()).sum();
    }

    private static JsonObject vtep(RunningManager manager, String id) {
        return Await.until(CONVERGE, () -> new JsonObject(manager.get("/api/v1/vteps/" + id).body()),
                v -> "connected".equals(v.getString("state")));
    }

    /** The API's view of {@code hv} once it reports a port with an OpenFlow number. */
    private static JsonObject vtepWithPorts(RunningManager manager, Hypervisor hv) {
        return Await.until(CONVERGE, () -> new JsonArray(manager.get("/api/v1/vteps").body()).stream()
                .map(JsonObject.class::cast).filter(v -> hv.tunnelIp().equals(v.getString("tunnelIp")))
                .findFirst().orElse(new JsonObject().put("ports", new JsonArray())),
                v -> !v.getJsonArray("ports").isEmpty()
                        && v.getJsonArray("ports").getJsonObject(0).getLong("ofport") > 0);
    }

    private static String vtepIdOf(RunningManager manager, String ovsdbTarget) {
        return new JsonArray(manager.get("/api/v1/vteps").body()).stream().map(JsonObject.class::cast)
                .filter(v -> ovsdbTarget.equals(v.getString("ovsdbTarget"))).findFirst().orElseThrow()
                .getString("id");
    }

    private static void awaitConnected(RunningManager manager, int count) {
        Await.require(CONVERGE, count + " VTEPs connected", () -> new JsonArray(manager.get("/api/v1/vteps").body()),
                all -> all.stream().map(JsonObject.class::cast)
                        .filter(v -> "connected".equals(v.getString("state"))).count() == count);
    }

    /** Every row UUID of the tables the manager writes. */
    private static String rowUuids(Hypervisor hv) {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("Bridge", "Port", "Interface", "Controller")) {
            all.append(table).append(hv.vsctl("--columns=_uuid", "list", table).lines().sorted().toList());
        }
        return all.toString();
    }
}

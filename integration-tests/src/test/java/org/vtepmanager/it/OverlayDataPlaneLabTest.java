package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.PingResult;
import org.vtepmanager.ofcontroller.southbound.OpenFlowSouthbound;

/**
 * VMs on two hypervisors talk over VXLAN with every flow installed by the manager: two tenants with the same IP
 * addresses, one VM of them sending VLAN-tagged frames.
 */
class OverlayDataPlaneLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void twoTenantsWithTheSameAddressesEachPingInsideTheirVniAndNothingCrosses() throws Exception {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint a1 = lab.addVm("a1", hv1, EndpointSpec.untagged("02:00:00:00:0a:01", "10.50.0.1/24"));
            Endpoint a2 = lab.addVm("a2", hv2, EndpointSpec.untagged("02:00:00:00:0a:02", "10.50.0.2/24").tagged(100));
            Endpoint b1 = lab.addVm("b1", hv1, EndpointSpec.untagged("02:00:00:00:0b:01", "10.50.0.1/24"));
            Endpoint b2 = lab.addVm("b2", hv2, EndpointSpec.untagged("02:00:00:00:0b:02", "10.50.0.2/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()))) {
                String vtep1 = vtepId(manager, hv1);
                String vtep2 = vtepId(manager, hv2);
                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant-a\"}");
                manager.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"tenant-b\"}");
                manager.bind(vtep1, a1, 5000);
                manager.bind(vtep2, a2, 5000);
                manager.bind(vtep1, b1, 6000);
                manager.bind(vtep2, b2, 6000);

                PingResult a = Await.until(CONVERGE, () -> a1.ping(a2.ip(), 3), PingResult::allAnswered);
                assertThat(a.allAnswered()).as("tenant A, untagged to VLAN 100: %s", a.output()).isTrue();
                PingResult b = Await.until(CONVERGE, () -> b1.ping(b2.ip(), 3), PingResult::allAnswered);
                assertThat(b.allAnswered()).as("tenant B: %s", b.output()).isTrue();

                Capture intoB2 = Capture.start(b2, "ether src " + a1.mac() + " or ether src " + a2.mac());
                assertThat(a1.ping(a2.ip(), 5).allAnswered()).isTrue();
                assertThat(a1.arping(a2.ip(), 2).allAnswered()).isTrue();
                assertThat(intoB2.stop()).as("tenant A frames seen by tenant B").isZero();

                // a2 announces itself (the controller gleans its IP); then a1's next ARP for it is answered locally.
                assertThat(a2.arping(a1.ip(), 1).allAnswered()).isTrue();
                a1.forgetNeighbours();
                Capture requestsAtA2 = Capture.start(a2, "arp and ether src " + a1.mac());
                assertThat(a1.ping(a2.ip(), 2).allAnswered()).isTrue();
                assertThat(requestsAtA2.stop()).as("ARP requests of a1 that crossed the overlay").isZero();

                JsonArray learned = new JsonArray(manager.get("/api/v1/macs?vni=5000").body());
                assertThat(learned.stream().map(JsonObject.class::cast).map(m -> m.getString("mac")))
                        .contains(a1.mac(), a2.mac());
                assertThat(ipOf(manager, a2.mac())).as("a2's IP, from the ARP it sent").isEqualTo(a2.ip());
                JsonObject withFlows = Await.until(CONVERGE,
                        () -> new JsonObject(manager.get("/api/v1/vteps/" + vtep1).body()),
                        v -> v.getJsonArray("flowTables").size() == 3);
                assertThat(withFlows.getJsonArray("flowTables").getJsonObject(2).getLong("flows"))
                        .as("destination table flows on hv1").isGreaterThanOrEqualTo(4);
                assertThat(hv1.dumpFlows(Hypervisor.INTEGRATION_BRIDGE))
                        .contains("cookie=0x7674", "dl_src=" + a1.mac(), "dl_dst=" + a2.mac());
            }
        }
    }

    @Test
    void aManagerRestartUnderContinuousPingLosesNoPacketAndDeletesNoFlow() throws Exception {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);

                assertNoPacketLostAndNoFlowAddedAgain(vms, "restart", manager::restart);
            }
        }
    }

    /**
     * The manager's disk is lost: a new one, its intent restored from the backup ({@code GET /api/v1/intent}) before
     * it starts, finds the switches as intent wants them and changes nothing a VM's traffic needs.
     */
    @Test
    void aManagerRebuiltFromItsBackupOnANewDiskUnderContinuousPingLosesNoPacketAndDeletesNoFlow(
            @TempDir Path newDisk, @TempDir Path backups) throws Exception {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                Path backup = Files.writeString(backups.resolve("intent.json"), manager.get("/api/v1/intent").body());

                assertNoPacketLostAndNoFlowAddedAgain(vms, "rebuild", () -> manager.rebuild(newDisk, backup));

                assertThat(new JsonObject(manager.get("/api/v1/intent").body()).getJsonArray("bindings"))
                        .isEqualTo(new JsonObject(Files.readString(backup)).getJsonArray("bindings"));
            }
        }
    }

    /**
     * Runs {@code handover} under a continuous ping from a1 to a2 (8 s of it): not one packet is lost, and every
     * flow of hv1's is still there and older than before, so none was deleted and added again. The ping sends a
     * count, not until a deadline: ping ends at its deadline without waiting for the echo then on its way, and
     * counts it lost (one in 144 once in CI; over the demo's overlay, 4 of 20 one-second runs at 500 a second lost
     * exactly one that way, and none of 20 runs of 500 counted).
     */
    private static void assertNoPacketLostAndNoFlowAddedAgain(TwoVms vms, String handover, Runnable action)
            throws Exception {
        Map<String, Double> before = vms.hv1Flows();
        Process ping = new ProcessBuilder("ip", "netns", "exec", vms.a1().namespace(), "ping", "-n", "-i", "0.05",
                "-c", "160", vms.a2().ip()).redirectErrorStream(true).start();
        action.run();
        String output = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ping.waitFor(20, TimeUnit.SECONDS);
        Map<String, Double> after = vms.hv1Flows();

        PingResult during = PingResult.parse(output);
        assertThat(during.transmitted()).isGreaterThan(100);
        assertThat(during.received()).as("ping across the %s: %s", handover, during).isEqualTo(during.transmitted());
        assertThat(after.keySet()).as("flows after the %s", handover).containsAll(before.keySet());
        before.forEach((flow, age) -> assertThat(after.get(flow)).as("age of %s", flow).isGreaterThan(age));
    }

    /**
     * An upgrade restarts ovs-vswitchd, which comes back with no flow (see {@link Hypervisor#restartSwitch}): the
     * manager programs it again as soon as it reconnects, with the MACs it had learned, and a ping that runs across
     * the restart gets through again within a few seconds.
     */
    @Test
    void aRestartedSwitchDaemonIsProgrammedAgainAndItsVmsTalkAgainWithinSeconds() throws Exception {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            Hypervisor hv1 = vms.hv1();
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                Map<String, Double> before = vms.hv1Flows();

                Process ping = new ProcessBuilder("ip", "netns", "exec", vms.a1().namespace(), "ping", "-n", "-i",
                        "0.05", "-w", "10", vms.a2().ip()).redirectErrorStream(true).start();
                hv1.restartSwitch();
                String output = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                ping.waitFor(20, TimeUnit.SECONDS);

                PingResult across = PingResult.parse(output);
                assertThat(across.transmitted()).isGreaterThan(150);
                assertThat(across.transmitted() - across.received())
                        .as("echoes lost across the restart, at 20 per second: %s", across).isLessThan(100);
                assertThat(vms.hv1Flows().keySet()).as("flows after the restart").containsAll(before.keySet());
            }
        }
    }

    @Test
    void aTableDeletedByHandOnAHypervisorIsRestoredAndTheVmsTalkAgain() {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            Hypervisor hv1 = vms.hv1();
            Endpoint a1 = vms.a1();
            Endpoint a2 = vms.a2();
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                Map<String, Double> before = vms.hv1Flows();

                hv1.ofctl("del-flows", Hypervisor.INTEGRATION_BRIDGE, "table=2");

                PingResult again = Await.until(CONVERGE, () -> a1.ping(a2.ip(), 2), PingResult::allAnswered);
                assertThat(again.allAnswered()).as("ping after the repair: %s", again.output()).isTrue();
                Map<String, Double> after = vms.hv1Flows();
                assertThat(after.keySet()).as("flows after the repair").containsAll(before.keySet());
                before.forEach((flow, age) -> {
                    if (!flow.startsWith("table=2 ")) {
                        assertThat(after.get(flow)).as("age of %s, which the repair left alone", flow)
                                .isGreaterThan(age);
                    }
                });
            }
        }
    }

    @Test
    void flowsRewrittenByHandToDropOnAHypervisorAreModifiedBackInPlaceAndTheVmsTalkAgain() {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            Hypervisor hv1 = vms.hv1();
            try (RunningManager manager = vms.startManager(lab, dataDir, Duration.ofSeconds(2))) {
                vms.connect(manager);
                Map<String, Double> before = vms.hv1Flows();

                hv1.ofctl("mod-flows", Hypervisor.INTEGRATION_BRIDGE, "table=2,actions=drop");
                // Read at once: a repair takes two reads of the switch and a batch, far longer than this one read.
                assertThat(vms.hv1Flows().keySet())
                        .as("our flows right after the edit").filteredOn(flow -> flow.startsWith("table=2 "))
                        .isNotEmpty().allSatisfy(flow -> assertThat(flow).endsWith("actions=drop"));

                PingResult again = Await.until(CONVERGE, () -> vms.a1().ping(vms.a2().ip(), 2),
                        PingResult::allAnswered);
                assertThat(again.allAnswered()).as("ping after the repair: %s", again.output()).isTrue();
                Map<String, Double> after = vms.hv1Flows();
                assertThat(after.keySet()).as("flows after the repair, actions included")
                        .containsExactlyInAnyOrderElementsOf(before.keySet());
                before.forEach((flow, age) -> assertThat(after.get(flow))
                        .as("age of %s, modified back in place rather than added again", flow).isGreaterThan(age));
            }
        }
    }

    /**
     * A hypervisor's local_ip moved to a second address of its underlay interface, as in a renumbering: its route
     * still picks the first as the source, so only a tunnel that names its source keeps the peer, whose port to it
     * now names the second, taking its packets.
     */
    @Test
    void aHypervisorWhoseLocalIpMovesToASecondAddressOfItsUnderlayKeepsItsVmsTalking() {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                String second = lab.addUnderlayAddress(vms.hv2());

                vms.hv2().vsctl("set", "Open_vSwitch", ".", "other_config:local_ip=" + second);
                Await.require(CONVERGE, "hv1's tunnel to " + second, vms.hv1()::vxlanPorts,
                        ports -> ports.containsValue(second));
                PingResult ping = Await.until(CONVERGE, () -> vms.a1().ping(vms.a2().ip(), 3),
                        PingResult::allAnswered);

                assertThat(ping.allAnswered()).as("a1 -> a2 over hv2's new address: %s", ping.output()).isTrue();
            }
        }
    }

    /**
     * Bridges keep their flows while the manager is down (fail_mode secure), so VMs keep talking to the neighbours
     * they know. One that must find a neighbour afresh (its ARP cache empty, as for any host it has not talked to
     * lately) broadcasts a request the controller would answer: without a controller the bridge floods it itself.
     * Once the manager is back, requests go to the controller again.
     */
    @Test
    void vmsFindNeighboursAfreshWhileTheManagerIsDown() throws Exception {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);

                manager.whileStopped(() -> {
                    Await.require(CONVERGE, "hv1's bridge without its controller", () -> controllerConnected(vms.hv1()),
                            "false"::equals);
                    vms.a1().forgetNeighbours();
                    vms.a2().forgetNeighbours();
                    PingResult ping = vms.a1().ping(vms.a2().ip(), 3);

                    assertThat(ping.allAnswered()).as("a1 -> a2, ARP included, manager down: %s", ping.output())
                            .isTrue();
                });
                // Back: a2 announces itself to the new manager, which then answers a1's next request itself.
                for (Hypervisor hv : List.of(vms.hv1(), vms.hv2())) {
                    Await.require(CONVERGE, hv.name() + "'s bridge with its controller again",
                            () -> controllerConnected(hv), "true"::equals);
                }
                Await.require(CONVERGE, "a2 heard by the manager again", () -> vms.a2().arping(vms.a1().ip(), 1),
                        PingResult::allAnswered);
                vms.a1().forgetNeighbours();
                Capture requestsAtA2 = Capture.start(vms.a2(), "arp and ether src " + vms.a1().mac());
                assertThat(Await.until(CONVERGE, () -> vms.a1().ping(vms.a2().ip(), 2), PingResult::allAnswered)
                        .allAnswered()).isTrue();
                assertThat(requestsAtA2.stop()).as("ARP requests of a1 that crossed the overlay").isZero();
            }
        }
    }

    /**
     * A manager restarted while it cannot reach a hypervisor's database cannot tell which VTEP that hypervisor's
     * bridge is, so it leaves the bridge's flows as they are. The bridge still sends it its ARP requests, which it
     * cannot answer without the VTEP's bindings: it floods them, as the bridge itself would without a controller, so
     * the VMs there still find new neighbours. Once the database is reached, the bridge is its VTEP's again.
     */
    @Test
    void vmsFindNeighboursAfreshOnABridgeTheRestartedManagerCannotTellYet() {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                manager.whileStopped(() -> vms.hv1().setDatabaseReachable(false));
                Await.require(CONVERGE, "both bridges connected to the restarted manager",
                        () -> manager.metric("vtep_manager_openflow_switches"), switches -> switches == 2);
                vms.a1().forgetNeighbours();
                vms.a2().forgetNeighbours();
                PingResult ping = vms.a1().ping(vms.a2().ip(), 3);

                assertThat(ping.allAnswered()).as("a1 -> a2, ARP included, hv1's VTEP unknown: %s", ping.output())
                        .isTrue();
                vms.hv1().setDatabaseReachable(true);
                Await.require(CONVERGE, "hv1's VTEP connected again", () -> vtepView(manager, vms.hv1()),
                        vtep -> "connected".equals(vtep.getString("state")));
                vms.a1().forgetNeighbours();
                assertThat(Await.until(CONVERGE, () -> vms.a1().ping(vms.a2().ip(), 2), PingResult::allAnswered)
                        .allAnswered()).isTrue();
            }
        }
    }

    private static String controllerConnected(Hypervisor hv) {
        return hv.vsctl("get", "Controller", Hypervisor.INTEGRATION_BRIDGE, "is_connected").strip();
    }

    /**
     * A VM whose MTU is above what the overlay carries pings, and its TCP stalls: its full-size packets, with VXLAN's
     * 50 bytes, no longer fit the underlay and are lost without a word from Open vSwitch. Its VTEP's view says so,
     * until the VM's MTU is lowered.
     */
    @Test
    void aVmWithAnMtuAboveItsNetworksLosesItsFullSizePacketsAndItsVtepSaysSoUntilItIsLowered() {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                String vtep1 = vtepId(manager, vms.hv1());
                assertThat(vms.a1().pingWhole(vms.a2().ip(), 3, 1450).allAnswered()).isTrue();

                vms.a1().setMtu(1500);
                JsonObject judged = Await.until(CONVERGE, () -> vtep(manager, vtep1),
                        v -> !v.getJsonArray("problems").isEmpty());

                String port = vms.a1().switchPort();
                assertThat(judged.getJsonArray("problems")).containsExactly("port " + port + " (bound, VLAN 0 to VNI "
                        + "5000) has MTU 1500, above network 5000's MTU of 1450: its frames over 1450 bytes are lost "
                        + "in the tunnel while smaller ones (ping) pass; give the endpoint MTU 1450");
                assertThat(judged.getJsonArray("ports").stream().map(JsonObject.class::cast)
                        .filter(p -> port.equals(p.getString("name"))).map(p -> p.getInteger("mtu")))
                        .containsExactly(1500);
                assertThat(vms.a1().pingWhole(vms.a2().ip(), 3, 1500).noneAnswered())
                        .as("full-size packets are lost in the tunnel").isTrue();
                assertThat(vms.a1().ping(vms.a2().ip(), 3).allAnswered()).as("small ones pass").isTrue();

                vms.a1().setMtu(1450);
                Await.require(CONVERGE, "no problem on " + vtep1, () -> vtep(manager, vtep1),
                        v -> v.getJsonArray("problems").isEmpty());
                assertThat(vms.a1().pingWhole(vms.a2().ip(), 3, 1450).allAnswered()).isTrue();
            }
        }
    }

    /**
     * Over IPv6 VXLAN adds 70 bytes, not 50: a 1,500-byte underlay carries 1,430. Once the hypervisors tunnel over
     * IPv6, networks that set no MTU say 1,430, VMs at 1,450 are told to lower theirs (their largest packets are
     * lost), and at 1,430 their full-size packets cross.
     */
    @Test
    void overAnIpv6UnderlayNetworksCarrySeventyBytesLessAndVmsAboveThatAreToldSo() {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            try (RunningManager manager = vms.startManager(lab, dataDir)) {
                vms.connect(manager);
                String vtep1 = vtepId(manager, vms.hv1());

                vms.hv1().vsctl("set", "Open_vSwitch", ".", "other_config:local_ip="
                        + lab.addUnderlayIpv6Address(vms.hv1()));
                vms.hv2().vsctl("set", "Open_vSwitch", ".", "other_config:local_ip="
                        + lab.addUnderlayIpv6Address(vms.hv2()));
                // Between the two changes the hosts' tunnels join two families, a problem of their own meanwhile.
                String tooLarge = "port " + vms.a1().switchPort() + " (bound, VLAN 0 to VNI 5000) has MTU 1450, above "
                        + "network 5000's MTU of 1430: its frames over 1430 bytes are lost in the tunnel while smaller "
                        + "ones (ping) pass; give the endpoint MTU 1430";
                JsonObject judged = Await.until(CONVERGE, () -> vtep(manager, vtep1),
                        v -> v.getJsonArray("problems").equals(new JsonArray().add(tooLarge)));

                assertThat(judged.getJsonArray("problems")).containsExactly(tooLarge);
                assertThat(new JsonObject(manager.get("/api/v1/networks/5000").body()).getInteger("mtu"))
                        .isEqualTo(1430);
                PingResult small = Await.until(CONVERGE, () -> vms.a1().ping(vms.a2().ip(), 3),
                        PingResult::allAnswered);
                assertThat(small.allAnswered()).as("a1 -> a2 over IPv6 tunnels: %s", small.output()).isTrue();
                assertThat(vms.a1().pingWhole(vms.a2().ip(), 3, 1450).noneAnswered()).as("1,450-byte packets")
                        .isTrue();

                vms.a1().setMtu(1430);
                vms.a2().setMtu(1430);
                Await.require(CONVERGE, "no problem on " + vtep1, () -> vtep(manager, vtep1),
                        v -> v.getJsonArray("problems").isEmpty());
                assertThat(vms.a1().pingWhole(vms.a2().ip(), 3, 1430).allAnswered()).as("1,430-byte packets")
                        .isTrue();
            }
        }
    }

    @Test
    void aVmRepluggedOnAnotherHypervisorWithTheSameMacKeepsTalkingWithinTwoSeconds() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint mover = lab.addVm("a1", hv1, EndpointSpec.untagged("02:00:00:00:0a:01", "10.50.0.1/24"));
            Endpoint peer = lab.addVm("a3", hv1, EndpointSpec.untagged("02:00:00:00:0a:03", "10.50.0.3/24"));
            Endpoint far = lab.addVm("a2", hv2, EndpointSpec.untagged("02:00:00:00:0a:02", "10.50.0.2/24"));
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()))) {
                String vtep1 = vtepId(manager, hv1);
                String vtep2 = vtepId(manager, hv2);
                manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant-a\"}");
                manager.bind(vtep1, mover, 5000);
                manager.bind(vtep1, peer, 5000);
                manager.bind(vtep2, far, 5000);
                assertThat(Await.until(CONVERGE, () -> mover.ping(peer.ip(), 2), PingResult::allAnswered).allAnswered())
                        .isTrue();
                assertThat(Await.until(CONVERGE, () -> mover.ping(far.ip(), 2), PingResult::allAnswered).allAnswered())
                        .isTrue();

                Endpoint moved = lab.moveVm(mover, hv2);
                manager.bind(vtep2, moved, 5000);
                long replugged = System.nanoTime();
                PingResult again = Await.until(Duration.ofSeconds(5), () -> moved.ping(peer.ip(), 1),
                        PingResult::allAnswered);
                double seconds = (System.nanoTime() - replugged) / 1e9;

                assertThat(again.allAnswered()).as("moved VM -> its old neighbour: %s", again.output()).isTrue();
                assertThat(seconds).as("seconds until the moved VM talks again").isLessThan(2.0);
                JsonObject entry = new JsonArray(manager.get("/api/v1/macs?vni=5000").body()).stream()
                        .map(JsonObject.class::cast).filter(m -> moved.mac().equals(m.getString("mac"))).findFirst()
                        .orElseThrow();
                assertThat(entry.getString("vtep")).isEqualTo(vtep2);
                assertThat(entry.getInteger("moves")).isPositive();
            }
        }
    }

    @Test
    void aVmThatTookANewMacWithoutAnnouncingItIsAskedAgainOnceItsClaimIsOlderThanTheArpReachableTime()
            throws Exception {
        try (Lab lab = Lab.create()) {
            TwoVms vms = TwoVms.in(lab);
            Endpoint a1 = vms.a1();
            Endpoint a2 = vms.a2();
            try (RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(vms.hv1().ovsdbUnixTarget(), vms.hv2().ovsdbUnixTarget()),
                    MacTableConfig.DEFAULTS.withArpReachableTime(Duration.ofSeconds(5)))) {
                vms.connect(manager);
                String newMac = "02:00:00:00:0a:22";
                // Linux sends no gratuitous ARP for a new MAC (arp_notify is off): a2 says nothing.
                a2.exec("ip", "link", "set", "eth0", "address", newMac).orThrow();

                PingResult again = Await.until(CONVERGE, () -> {
                    a1.forgetNeighbours();
                    return a1.ping(a2.ip(), 1);
                }, PingResult::allAnswered);
                assertThat(again.allAnswered()).as("a1 -> a2 under its new MAC: %s", again.output()).isTrue();
                assertThat(ipOf(manager, newMac)).as("a2's new MAC's IP, from the reply it sent").isEqualTo(a2.ip());

                a1.forgetNeighbours();
                Capture requestsAtA2 = Capture.start(a2, "arp and ether src " + a1.mac());
                assertThat(a1.ping(a2.ip(), 2).allAnswered()).isTrue();
                assertThat(requestsAtA2.stop()).as("ARP requests of a1 that crossed the overlay once a2's reply "
                        + "confirmed its new MAC").isZero();
            }
        }
    }

    /** The IP the MAC tables show for {@code mac} in network 5000, or null. */
    private static String ipOf(RunningManager manager, String mac) {
        return new JsonArray(manager.get("/api/v1/macs?vni=5000").body()).stream().map(JsonObject.class::cast)
                .filter(m -> mac.equals(m.getString("mac"))).findFirst().map(m -> m.getString("ip")).orElse(null);
    }

    /** VMs a1 and a2 of one subnet, one on each of two hypervisors. */
    private record TwoVms(Hypervisor hv1, Hypervisor hv2, Endpoint a1, Endpoint a2) {
        static TwoVms in(Lab lab) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            return new TwoVms(hv1, hv2,
                    lab.addVm("a1", hv1, EndpointSpec.untagged("02:00:00:00:0a:01", "10.50.0.1/24")),
                    lab.addVm("a2", hv2, EndpointSpec.untagged("02:00:00:00:0a:02", "10.50.0.2/24")));
        }

        RunningManager startManager(Lab lab, Path dataDir) {
            return startManager(lab, dataDir, OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD);
        }

        RunningManager startManager(Lab lab, Path dataDir, Duration flowComparePeriod) {
            return RunningManager.start(lab, dataDir, List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()),
                    flowComparePeriod);
        }

        /** Our flows on hv1, each with its age ({@link FlowDump}). */
        Map<String, Double> hv1Flows() {
            return FlowDump.ours(hv1.dumpFlows(Hypervisor.INTEGRATION_BRIDGE));
        }

        /** Network 5000 bound to both VMs, and a ping between them that goes through. */
        void connect(RunningManager manager) {
            manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant-a\"}");
            manager.bind(vtepId(manager, hv1), a1, 5000);
            manager.bind(vtepId(manager, hv2), a2, 5000);
            assertThat(Await.until(CONVERGE, () -> a1.ping(a2.ip(), 3), PingResult::allAnswered).allAnswered())
                    .isTrue();
        }
    }

    private static String vtepId(RunningManager manager, Hypervisor hv) {
        return Await.until(CONVERGE, () -> vtepView(manager, hv), v -> v.getString("datapathId") != null)
                .getString("id");
    }

    /** The API's view of the VTEP whose tunnel IP is {@code hv}'s (empty until there is one). */
    private static JsonObject vtepView(RunningManager manager, Hypervisor hv) {
        return new JsonArray(manager.get("/api/v1/vteps").body()).stream().map(JsonObject.class::cast)
                .filter(v -> hv.tunnelIp().equals(v.getString("tunnelIp"))).findFirst().orElse(new JsonObject());
    }

    private static JsonObject vtep(RunningManager manager, String id) {
        return new JsonObject(manager.get("/api/v1/vteps/" + id).body());
    }

    /** tcpdump inside an endpoint's namespace, counting incoming frames that match a filter. */
    static final class Capture {
        private static final Pattern CAPTURED = Pattern.compile("(\\d+) packets? captured");
        private final Process tcpdump;
        private final Path log;

        private Capture(Process tcpdump, Path log) {
            this.tcpdump = tcpdump;
            this.log = log;
        }

        /** Returns once tcpdump has attached its filter (it says "listening on eth0"). */
        static Capture start(Endpoint endpoint, String filter) {
            try {
                Path log = Files.createTempFile("vtep-capture-", ".log");
                Process process = new ProcessBuilder("ip", "netns", "exec", endpoint.namespace(), "tcpdump", "-n", "-l",
                        "-Q", "in", "-i", "eth0", filter).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(log.toFile()).start();
                Await.require(Duration.ofSeconds(5), "tcpdump listening (or ended)",
                        () -> !process.isAlive() || read(log).contains("listening on"), ready -> ready);
                return new Capture(process, log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops the capture (SIGTERM makes tcpdump print its counters) and returns how many frames matched. */
        int stop() throws Exception {
            tcpdump.destroy();
            tcpdump.waitFor(10, TimeUnit.SECONDS);
            String summary = read(log);
            Files.deleteIfExists(log);
            Matcher captured = CAPTURED.matcher(summary);
            assertThat(captured.find()).as("tcpdump summary in: %s", summary).isTrue();
            return Integer.parseInt(captured.group(1));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.vtepmanager.lab.ExecResult;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;
import org.vtepmanager.lab.PingResult;

/** Aging and limits of MAC learning, on real switches. */
class MacLearningLabTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final int PORT_LIMIT = 50;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void aMacWhoseSourceEntryIdlesOutOnItsSwitchIsForgottenEverywhere() {
        MacTableConfig fastAging = new MacTableConfig(Duration.ofSeconds(3), 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), PORT_LIMIT, 1 << 20);
        try (Lab lab = Lab.create(); Tenant tenant = Tenant.start(lab, dataDir, fastAging)) {
            assertThat(tenant.macs()).contains(tenant.a1.mac(), tenant.a2.mac());

            List<String> left = Await.until(CONVERGE, tenant::macs, macs -> !macs.contains(tenant.a1.mac()));

            assertThat(left).doesNotContain(tenant.a1.mac());
            assertThat(tenant.hv2.dumpFlows(Hypervisor.INTEGRATION_BRIDGE)).doesNotContain("dl_dst=" + tenant.a1.mac());
        }
    }

    /** As a cloud deletes a VM: its port leaves the bridge, and with it the flows that would have aged its MAC. */
    @Test
    void aMacWhosePortIsDeletedFromItsBridgeIsForgottenEverywhereAtOnce() {
        try (Lab lab = Lab.create(); Tenant tenant = Tenant.start(lab, dataDir, MacTableConfig.DEFAULTS)) {
            String deleted = tenant.a1.mac();
            assertThat(tenant.hv2.dumpFlows(Hypervisor.INTEGRATION_BRIDGE)).contains("dl_dst=" + deleted);

            tenant.hv1.vsctl("del-port", Hypervisor.INTEGRATION_BRIDGE, tenant.a1.switchPort());

            List<String> left = Await.until(CONVERGE, tenant::macs, macs -> !macs.contains(deleted));
            assertThat(left).as("long before the %s s of aging", MacTableConfig.DEFAULTS.agingTime().toSeconds())
                    .doesNotContain(deleted).contains(tenant.a2.mac());
            String flows = Await.until(CONVERGE, () -> tenant.hv2.dumpFlows(Hypervisor.INTEGRATION_BRIDGE),
                    dump -> !dump.contains("dl_dst=" + deleted));
            assertThat(flows).as("the other hypervisor's entry towards it").doesNotContain("dl_dst=" + deleted);
        }
    }

    @Test
    void aFloodOfRandomSourceMacsIsHeldToThePortLimitAndTheOverlayKeepsWorking() {
        MacTableConfig limited = new MacTableConfig(Duration.ofSeconds(300), 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), PORT_LIMIT, 1 << 20);
        try (Lab lab = Lab.create(); Tenant tenant = Tenant.start(lab, dataDir, limited)) {
            // 5,000 broadcast frames, each from a new random unicast MAC, as fast as the VM can send them.
            tenant.a1.exec("/usr/bin/python3", "-c", "import os, socket\n"
                    + "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n"
                    + "s.bind(('eth0', 0))\n"
                    + "for _ in range(5000):\n"
                    + "    s.send(b'\\xff' * 6 + b'\\x02' + os.urandom(5) + b'\\x88\\xb5' + b'\\x00' * 46)\n")
                    .orThrow();

            PingResult after = Await.until(CONVERGE, () -> tenant.a1.ping(tenant.a2.ip(), 3), PingResult::allAnswered);
            List<String> onPort = tenant.macsOnPort(tenant.a1.switchPort());

            assertThat(after.allAnswered()).as("the overlay after the flood: %s", after.output()).isTrue();
            assertThat(onPort).as("MACs learned on the flooded port").hasSizeLessThanOrEqualTo(PORT_LIMIT)
                    .hasSizeGreaterThan(PORT_LIMIT / 2).contains(tenant.a1.mac());
            assertThat(tenant.manager.get("/api/v1/health").statusCode()).isEqualTo(200);
            assertThat(tenant.manager.metric("vtep_manager_openflow_packet_ins_total"))
                    .as("each MAC learned came in a packet-in").isGreaterThanOrEqualTo(onPort.size());
            assertThat(tenant.manager.metric("vtep_manager_macs{source=\"learned\"}"))
                    .isGreaterThanOrEqualTo(onPort.size());
        }
    }

    /**
     * A VM that talks from a second MAC (a macvlan, as a container host makes) on a port whose one place its own MAC
     * took: its frames reach the other VM, and cost a packet-in per hold, not one each.
     */
    @Test
    void aVmTalkingFromAMacOverItsPortLimitIsHeardWithoutAPacketInPerFrame() {
        MacTableConfig onePerPort = new MacTableConfig(Duration.ofSeconds(300), 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1, 1 << 20);
        try (Lab lab = Lab.create(); Tenant tenant = Tenant.start(lab, dataDir, onePerPort)) {
            String second = "02:00:00:00:0a:71";
            tenant.a1.exec("ip", "link", "add", "mv0", "link", "eth0", "address", second, "type", "macvlan", "mode",
                    "bridge").orThrow();
            tenant.a1.exec("ip", "link", "set", "mv0", "mtu", "1450", "up").orThrow();
            tenant.a1.exec("ip", "address", "add", "10.50.0.71/32", "dev", "mv0").orThrow();
            tenant.a1.exec("ip", "route", "add", tenant.a2.ip() + "/32", "dev", "mv0", "src", "10.50.0.71").orThrow();
            double asked = tenant.manager.metric("vtep_manager_openflow_packet_ins_total");

            ExecResult ping = tenant.a1.exec("ping", "-c", "200", "-i", "0.01", "-W", "1", tenant.a2.ip());

            double packetIns = tenant.manager.metric("vtep_manager_openflow_packet_ins_total") - asked;
            Matcher received = Pattern.compile("(\\d+) received").matcher(ping.stdout());
            assertThat(received.find()).as("ping's summary: %s", ping.stdout()).isTrue();
            assertThat(Integer.parseInt(received.group(1))).as("echo replies from a2 to the second MAC")
                    .isGreaterThanOrEqualTo(190);
            assertThat(packetIns).as("packet-ins for 200 echo requests from a MAC the port has no room for")
                    .isLessThan(20);
            assertThat(tenant.macsOnPort(tenant.a1.switchPort())).containsExactly(tenant.a1.mac());
            assertThat(tenant.manager.metric("vtep_manager_mac_learns_refused_total{reason=\"port-full\"}"))
                    .as("refusals an operator can alert on").isPositive();
        }
    }

    /** One sample of {@code GET /metrics}, by its name and labels. */
    @Test
    void aPriorityTaggedFrameFromAnUntaggedVmIsLearnedAndArrivesUntagged() throws Exception {
        try (Lab lab = Lab.create(); Tenant tenant = Tenant.start(lab, dataDir, MacTableConfig.DEFAULTS)) {
            CompletableFuture<ExecResult> received = CompletableFuture.supplyAsync(() -> tenant.a2.exec(
                    "/usr/bin/python3", "-c", "import socket\n"
                            + "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))\n"
                            + "s.settimeout(20)\n"
                            + "print(s.recv(2048)[:14].hex())\n"));
            // 802.1Q tag with priority 5 and VLAN id 0, as a host with a QoS or DCB setting sends; a new source MAC.
            // Sent in bursts until the receiver, started in its namespace meanwhile, has one (or 20 s have passed).
            String send = "import socket, time\n"
                    + "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n"
                    + "s.bind(('eth0', 0))\n"
                    + "for _ in range(5):\n"
                    + "    s.send(bytes.fromhex('ffffffffffff' '020000000a77' '8100a000' '88b5') + bytes(46))\n"
                    + "    time.sleep(0.2)\n";
            for (int burst = 0; burst < 20 && !received.isDone(); burst++) {
                tenant.a1.exec("/usr/bin/python3", "-c", send).orThrow();
            }

            assertThat(received.get(30, TimeUnit.SECONDS).orThrow().stdout().strip())
                    .as("at a2: broadcast, from the new MAC, untagged").isEqualTo("ffffffffffff020000000a7788b5");
            assertThat(Await.until(CONVERGE, () -> tenant.macsOnPort(tenant.a1.switchPort()),
                    macs -> macs.contains("02:00:00:00:0a:77"))).contains("02:00:00:00:0a:77");
        }
    }

    /** Two VMs of VNI 5000 on two hypervisors, talking, under a running manager. */
    private static final class Tenant implements AutoCloseable {
        final RunningManager manager;
        final Hypervisor hv1;
        final Hypervisor hv2;
        final Endpoint a1;
        final Endpoint a2;

        private Tenant(RunningManager manager, Hypervisor hv1, Hypervisor hv2, Endpoint a1, Endpoint a2) {
            this.manager = manager;
            this.hv1 = hv1;
            this.hv2 = hv2;
            this.a1 = a1;
            this.a2 = a2;
        }

        static Tenant start(Lab lab, Path dataDir, MacTableConfig macs) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint a1 = lab.addVm("a1", hv1, EndpointSpec.untagged("02:00:00:00:0a:01", "10.50.0.1/24"));
            Endpoint a2 = lab.addVm("a2", hv2, EndpointSpec.untagged("02:00:00:00:0a:02", "10.50.0.2/24"));
            RunningManager manager = RunningManager.start(lab, dataDir,
                    List.of(hv1.ovsdbUnixTarget(), hv2.ovsdbUnixTarget()), macs);
            Tenant tenant = new Tenant(manager, hv1, hv2, a1, a2);
            manager.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"tenant-a\"}");
            tenant.bind(hv1, a1);
            tenant.bind(hv2, a2);
            PingResult ping = Await.until(CONVERGE, () -> a1.ping(a2.ip(), 2), PingResult::allAnswered);
            assertThat(ping.allAnswered()).as("a1 -> a2: %s", ping.output()).isTrue();
            return tenant;
        }

        List<String> macs() {
            return entries().stream().map(m -> m.getString("mac")).toList();
        }

        List<String> macsOnPort(String port) {
            return entries().stream().filter(m -> port.equals(m.getString("port")))
                    .map(m -> m.getString("mac")).toList();
        }

        private List<JsonObject> entries() {
            return new JsonArray(manager.get("/api/v1/macs?vni=5000").body()).stream()
                    .map(JsonObject.class::cast).toList();
        }

        private void bind(Hypervisor hv, Endpoint vm) {
            JsonObject vtep = Await.until(CONVERGE, () -> new JsonArray(manager.get("/api/v1/vteps").body()).stream()
                    .map(JsonObject.class::cast).filter(v -> hv.tunnelIp().equals(v.getString("tunnelIp")))
                    .findFirst().orElse(new JsonObject()), v -> v.getString("datapathId") != null);
            String body = new JsonObject().put("vtep", vtep.getString("id")).put("port", vm.switchPort())
                    .put("vlan", 0).put("vni", 5000).encode();
            assertThat(manager.post("/api/v1/bindings", body).statusCode()).isEqualTo(201);
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}

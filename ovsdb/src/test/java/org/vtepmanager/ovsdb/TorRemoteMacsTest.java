package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.VtepObservation;

/**
 * The MAC tables to a real hardware_vtep ovsdb-server through the whole southbound: each MAC learned, moved or
 * forgotten on a hypervisor, and each IP it claims in ARP, reaches the ToR's Ucast_Macs_Remote, one MAC at a time.
 * The hypervisors are only registered (configured tunnel IPs); the MACs are learned as the OpenFlow side learns them.
 */
class TorRemoteMacsTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String LS = "vtep-manager-5000";
    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress VM1 = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress VM2 = MacAddress.parse("02:00:00:00:00:02");

    @TempDir
    Path dir;

    private RealOvsdbServer tor;
    private SouthboundFixture southbound;
    private MacTables macs;

    @BeforeEach
    void start() {
        tor = RealOvsdbServer.hardwareVtep("192.0.2.10", "p1");
        southbound = new SouthboundFixture(dir);
        macs = southbound.macs;
        southbound.registerTor("tor1", tor.unixTarget());
        southbound.registerHypervisor("hv1", "192.0.2.1");
        southbound.registerHypervisor("hv2", "192.0.2.2");
        southbound.store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(VNI, "blue", "", OptionalInt.empty(),
                Optional.empty())));
        southbound.bind("tor1", "p1", 0, VNI.value());
        southbound.bind("hv1", "vm1", 0, VNI.value());
        southbound.bind("hv2", "vm2", 0, VNI.value());
        southbound.start();
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", LS),
                rows -> assertThat(rows).contains("unknown-dst -> vxlan_over_ipv4/192.0.2.2"));
    }

    @AfterEach
    void stop() throws Exception {
        southbound.close();
        tor.close();
    }

    @Test
    void aMacLearnedMovedAndForgottenOnHypervisorsFollowsOnTheTorWithTheIpItClaims() throws Exception {
        macs.learn(VNI, VM1, at("hv1", "vm1"), MacSource.LEARNED);
        remoteMacsEventually("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1");

        macs.gleanArp(VNI, InetAddress.getByName("10.0.0.1"), VM1);
        ipaddrEventually(VM1, "10.0.0.1");
        macs.learn(VNI, VM2, at("hv2", "vm2"), MacSource.LEARNED);
        macs.gleanArp(VNI, InetAddress.getByName("10.0.0.1"), VM2);
        ipaddrEventually(VM2, "10.0.0.1");
        ipaddrEventually(VM1, "");

        macs.learn(VNI, VM1, at("hv2", "vm2"), MacSource.LEARNED);
        remoteMacsEventually("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.2");
        macs.forget(VNI, VM1, at("hv2", "vm2"));
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", LS),
                rows -> assertThat(rows).doesNotContain("02:00:00:00:00:01").contains("02:00:00:00:00:02"));
    }

    /**
     * A server moves behind the ToR (its MAC, known at a hypervisor, turns up in Ucast_Macs_Local) while another
     * thread follows a change of intent. The ToR's learn is held at the point where it announces the MAC; the
     * follow must not wait for it, and once the learn goes on (announcing the move) both must finish.
     */
    @Test
    void aServerMovingBehindTheTorWhileIntentIsFollowedHoldsNeitherUp() throws Exception {
        macs.learn(VNI, VM1, at("hv1", "vm1"), MacSource.LEARNED);
        remoteMacsEventually("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1");
        CountDownLatch torLearning = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicBoolean giveUp = new AtomicBoolean();
        macs.addMacListener((vni, mac) -> {
            if (mac.equals(VM1) && torLearning.getCount() > 0) {
                torLearning.countDown();
                awaitQuietly(goOn);
                if (giveUp.get()) {
                    // Not caught by the MAC tables: ends the ToR's learn before it announces the move, so that a
                    // regression fails this test instead of deadlocking the southbound it then has to close.
                    throw new AssertionError("the ToR's learn was abandoned");
                }
            }
        });

        tor.vtepctl("add-ucast-local", LS, VM1.toString(), "192.0.2.10");
        assertThat(torLearning.await(CONVERGE.toSeconds(), TimeUnit.SECONDS)).as("the ToR reported the MAC").isTrue();
        Thread follow = new Thread(() -> southbound.southbound.event(
                new TopologyEvent(TopologyEvent.Type.INTENT_CHANGED, "a network elsewhere")));
        follow.start();
        follow.join(Duration.ofSeconds(5).toMillis());
        boolean followedWhileLearning = !follow.isAlive();
        giveUp.set(!followedWhileLearning);
        goOn.countDown();
        follow.join(CONVERGE.toMillis());

        assertThat(followedWhileLearning).as("intent followed while the ToR learned").isTrue();
        assertThat(follow.isAlive()).isFalse();
        assertThatEventually(CONVERGE, () -> macs.lookup(VNI, VM1).map(MacEntry::location),
                where -> assertThat(where).contains(new MacLocation.Remote(VtepId.of("tor1"))));
    }

    /**
     * A ToR keeps a server's local row until its entry ages, after the server has left: reported again with the
     * ToR's other changes, that row is no news and must not take the MAC back from the VM it moved to. A row the ToR
     * writes anew is news, and so is every row to the ToR's next session (what it wrote meanwhile is not known).
     */
    @Test
    void aLocalRowTheTorStillHoldsDoesNotTakeBackAMacLearnedSinceButARowWrittenAnewOrInANewSessionDoes() {
        MacLocation atTor = new MacLocation.Remote(VtepId.of("tor1"));
        MacAddress other = MacAddress.parse("02:00:00:00:00:09");
        tor.vtepctl("add-ucast-local", LS, VM1.toString(), "192.0.2.10");
        assertThatEventually(CONVERGE, () -> macs.lookup(VNI, VM1).map(MacEntry::location),
                where -> assertThat(where).contains(atTor));

        macs.learn(VNI, VM1, at("hv1", "vm1"), MacSource.LEARNED);
        tor.vtepctl("add-ucast-local", LS, other.toString(), "192.0.2.10");
        assertThatEventually(CONVERGE, () -> macs.lookup(VNI, other).map(MacEntry::location),
                where -> assertThat(where).contains(atTor));
        assertThat(macs.lookup(VNI, VM1).map(MacEntry::location)).as("after the ToR reported its rows again")
                .contains(at("hv1", "vm1"));

        tor.vtepctl("del-ucast-local", LS, VM1.toString());
        tor.vtepctl("add-ucast-local", LS, VM1.toString(), "192.0.2.10");
        assertThatEventually(CONVERGE, () -> macs.lookup(VNI, VM1).map(MacEntry::location),
                where -> assertThat(where).contains(atTor));

        macs.learn(VNI, VM1, at("hv1", "vm1"), MacSource.LEARNED);
        tor.kill();
        tor.launch();
        assertThatEventually(CONVERGE, () -> macs.lookup(VNI, VM1).map(MacEntry::location),
                where -> assertThat(where).contains(atTor));
    }

    @Test
    void aTorLeftOutOfTheMeshLosesItsRemoteMacsAndFloodListAndIsGivenNoNewOneUntilItIsBack() {
        southbound.topology.reportVtep(connected("hv1", "192.0.2.1"));
        southbound.topology.reportVtep(connected("hv2", "192.0.2.2"));
        macs.learn(VNI, VM1, at("hv1", "vm1"), MacSource.LEARNED);
        remoteMacsEventually("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1");

        // hv1's IP, configured for it and reported by it: hv1 keeps it, the ToR is left out.
        tor.vtepctl("set", "Physical_Switch", "br0", "tunnel_ips=192.0.2.1");
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", LS),
                rows -> assertThat(rows).as("remote and flood rows").doesNotContain("->"));
        macs.learn(VNI, VM2, at("hv2", "vm2"), MacSource.LEARNED);
        // Absence can only be watched for a while: a learn reaches the ToRs' plans within milliseconds.
        assertThatThroughout(Duration.ofMillis(500), () -> tor.vtepctl("list-remote-macs", LS),
                rows -> assertThat(rows).doesNotContain("02:00:00:00:00:02"));

        tor.vtepctl("set", "Physical_Switch", "br0", "tunnel_ips=192.0.2.10");
        remoteMacsEventually("02:00:00:00:00:02 -> vxlan_over_ipv4/192.0.2.2");
        remoteMacsEventually("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1");
    }

    private static VtepObservation connected(String vtep, String tunnelIp) {
        return new VtepObservation(VtepId.of(vtep), ConnectionState.CONNECTED, Optional.of(TunnelIp.parse(tunnelIp)),
                List.of(), List.of());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(CONVERGE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void remoteMacsEventually(String row) {
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", LS),
                rows -> assertThat(rows).contains(row));
    }

    private void ipaddrEventually(MacAddress mac, String ip) {
        assertThatEventually(CONVERGE, () -> tor.vtepctl("--bare", "--columns=ipaddr", "find", "Ucast_Macs_Remote",
                "MAC=\"" + mac + "\"").strip(), ipaddr -> assertThat(ipaddr).isEqualTo(ip));
    }

    private static MacLocation at(String vtep, String port) {
        return new MacLocation.Local(new PortVlan(VtepId.of(vtep), PortName.of(port), VlanId.of(0)));
    }
}

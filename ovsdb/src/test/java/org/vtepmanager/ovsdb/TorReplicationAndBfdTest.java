package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Replication;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;

/**
 * Intent to a real hardware_vtep ovsdb-server through the whole southbound: each network's replication setting
 * becomes its Logical_Switch's replication_mode and unknown-dst locator set, and the Tunnel rows the switch writes
 * become the BFD state of the topology's tunnels. The hypervisors are only registered (configured tunnel IPs).
 */
class TorReplicationAndBfdTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String HV1 = "192.0.2.1";
    private static final String HV2 = "192.0.2.2";

    @TempDir
    Path dir;

    private RealOvsdbServer tor;
    private SouthboundFixture southbound;
    private H2IntentStore store;
    private TopologyService topology;

    @BeforeEach
    void start() {
        tor = RealOvsdbServer.hardwareVtep("192.0.2.10", "p1");
        southbound = new SouthboundFixture(dir);
        store = southbound.store;
        topology = southbound.topology;
        southbound.registerTor("tor1", tor.unixTarget());
        southbound.registerHypervisor("hv1", HV1);
        southbound.registerHypervisor("hv2", HV2);
        southbound.start();
    }

    @AfterEach
    void stop() throws Exception {
        southbound.close();
        tor.close();
    }

    @Test
    void aSourceNodeAndAServiceNodeNetworkOnOneTorGetTheirOwnModeAndFloodSet() {
        network(5000, Optional.empty());
        network(6000, Optional.of(Replication.of("service-node", List.of("192.0.2.200", "192.0.2.201"))));

        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", "vtep-manager-6000"),
                macs -> assertThat(macs)
                        .contains("unknown-dst -> vxlan_over_ipv4/192.0.2.200",
                                "unknown-dst -> vxlan_over_ipv4/192.0.2.201")
                        .doesNotContain("/" + HV1 + "\n", "/" + HV2 + "\n"));
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", "vtep-manager-5000"),
                macs -> assertThat(macs)
                        .contains("unknown-dst -> vxlan_over_ipv4/" + HV1, "unknown-dst -> vxlan_over_ipv4/" + HV2)
                        .doesNotContain("192.0.2.200"));
        assertThat(mode("vtep-manager-5000")).isEqualTo("source_node");
        assertThat(mode("vtep-manager-6000")).isEqualTo("service_node");
    }

    @Test
    void changingANetworksReplicationRewritesOnlyThatNetworksSwitch() {
        network(5000, Optional.empty());
        network(6000, Optional.empty());
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", "vtep-manager-6000"),
                macs -> assertThat(macs).contains("unknown-dst -> vxlan_over_ipv4/" + HV2));
        String untouched = tor.vtepctl("list-remote-macs", "vtep-manager-5000");

        store.apply(new IntentChange.UpdateNetwork(new VirtualNetwork(Vni.of(6000), "net6000", "",
                OptionalInt.empty(), Optional.of(Replication.of("service-node", List.of("192.0.2.200")))),
                IntentChange.ANY_VERSION));

        assertThatEventually(CONVERGE, () -> mode("vtep-manager-6000"),
                mode -> assertThat(mode).isEqualTo("service_node"));
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", "vtep-manager-6000"),
                macs -> assertThat(macs).contains("unknown-dst -> vxlan_over_ipv4/192.0.2.200")
                        .doesNotContain("/" + HV2 + "\n"));
        assertThat(tor.vtepctl("list-remote-macs", "vtep-manager-5000")).isEqualTo(untouched);
        assertThat(mode("vtep-manager-5000")).isEqualTo("source_node");
    }

    @Test
    void theTunnelRowsBfdStateLabelsTheTorsTunnelToThatRemoteIpOnly() {
        network(5000, Optional.empty());
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-remote-macs", "vtep-manager-5000"),
                macs -> assertThat(macs).contains("unknown-dst -> vxlan_over_ipv4/" + HV1));
        // The switch writes Tunnel rows itself; here the test plays the switch, between its own and hv1's locator.
        String created = tor.vtepctl("--id=@local", "create", "Physical_Locator", "encapsulation_type=vxlan_over_ipv4",
                "dst_ip=192.0.2.10", "--", "--id=@t", "create", "Tunnel", "local=@local",
                "remote=" + locator(HV1), "bfd_status:state=up", "bfd_status:forwarding=true", "--",
                "add", "Physical_Switch", "br0", "tunnels", "@t").strip();
        String tunnel = created.substring(created.lastIndexOf('\n') + 1);

        assertThatEventually(CONVERGE, () -> bfd("tor1", "hv1"), bfd -> assertThat(bfd).contains("up"));
        assertThat(bfd("tor1", "hv2")).as("no Tunnel row towards hv2").isEmpty();
        assertThat(bfd("hv1", "tor1")).as("hv1 reports no BFD").isEmpty();

        tor.vtepctl("set", "Tunnel", tunnel, "bfd_status:state=down", "bfd_status:forwarding=false",
                "bfd_status:diagnostic=\"Control Detection Time Expired\"");
        assertThatEventually(CONVERGE, () -> bfd("tor1", "hv1"), bfd -> assertThat(bfd).contains("down"));

        tor.kill();
        assertThatEventually(CONVERGE, () -> bfd("tor1", "hv1"), bfd -> assertThat(bfd).as("a lost ToR says nothing")
                .isEmpty());
        tor.launch();
        // bfd_status is ephemeral: a restarted server holds none until the switch writes it again.
        assertThatEventually(CONVERGE, () -> tor.vtepctl("get", "Tunnel", tunnel, "bfd_status").strip(),
                status -> assertThat(status).isEqualTo("{}"));
        tor.vtepctl("set", "Tunnel", tunnel, "bfd_status:forwarding=true");
        assertThatEventually(CONVERGE, () -> bfd("tor1", "hv1"), bfd -> assertThat(bfd).as("from forwarding")
                .contains("up"));
    }

    private String locator(String ip) {
        return tor.vtepctl("--bare", "--columns=_uuid", "find", "Physical_Locator", "dst_ip=" + ip).strip();
    }

    private Optional<String> bfd(String from, String to) {
        return southbound.tunnelBfd(VtepId.of(from), VtepId.of(to));
    }

    private String mode(String logicalSwitch) {
        return tor.vtepctl("get", "Logical_Switch", logicalSwitch, "replication_mode").strip();
    }

    /** Network {@code vni} bound on the ToR (untagged for 5000, VLAN 200 otherwise), hv1 in 5000, hv2 in both. */
    private void network(int vni, Optional<Replication> replication) {
        store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(vni), "net" + vni, "",
                OptionalInt.empty(), replication)));
        southbound.bind("tor1", "p1", vni == 5000 ? 0 : 200, vni);
        southbound.bind("hv2", "vm2", vni == 5000 ? 0 : 200, vni);
        if (vni == 5000) {
            southbound.bind("hv1", "vm1", 0, vni);
        }
    }
}

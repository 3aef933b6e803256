package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.Replication;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.ArpBinding;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.DesiredState;
import org.vtepmanager.core.topology.ObservedState;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ovsdb.tor.TorSpec;

class TorSpecsTest {

    private static final VtepId TOR = VtepId.of("tor1");
    private static final Vni BLUE = Vni.of(5000);
    private static final Vni RED = Vni.of(6000);

    private final Intent intent = intentWithTorAt("192.0.2.10");
    private final DesiredState desired = DesiredState.compute(intent, ObservedState.NONE);

    @Test
    void eachBoundNetworkGetsItsSwitchBindingsAndTheOtherVtepsOfThatNetworkAsFloodList() {
        TorSpec spec = TorSpecs.compute(TOR, desired, List.of(), Map.of(), List.of());

        assertThat(spec.logicalSwitches()).containsOnlyKeys("vtep-manager-5000", "vtep-manager-6000");
        TorSpec.LogicalSwitchSpec blue = spec.logicalSwitches().get("vtep-manager-5000");
        assertThat(blue.tunnelKey()).isEqualTo(5000);
        assertThat(blue.description()).isEqualTo("vtep-manager: blue");
        assertThat(blue.replication()).isEqualTo(TorSpec.Replication.SOURCE_NODE);
        assertThat(blue.floodIps()).as("hv3 has no tunnel IP yet, hv2 is not in blue").containsExactly("192.0.2.1");
        assertThat(spec.logicalSwitches().get("vtep-manager-6000").floodIps()).containsExactly("192.0.2.2");
        assertThat(spec.bindings()).isEqualTo(Map.of("p1", Map.of(0L, "vtep-manager-5000", 200L, "vtep-manager-6000")));
    }

    @Test
    void remoteMacsAreTheNetworksMacsOnOtherVtepsWithAKnownTunnelIpAndTheirArpIp() throws Exception {
        MacAddress onHv1 = MacAddress.parse("02:00:00:00:00:01");
        List<MacEntry> macs = List.of(
                entry(BLUE, onHv1, new MacLocation.Local(new PortVlan(VtepId.of("hv1"), PortName.of("vm1"),
                        VlanId.UNTAGGED)), MacSource.LEARNED),
                entry(BLUE, MacAddress.parse("02:00:00:00:00:02"), new MacLocation.Remote(TOR),
                        MacSource.HARDWARE_VTEP),
                entry(BLUE, MacAddress.parse("02:00:00:00:00:03"), new MacLocation.Remote(VtepId.of("hv3")),
                        MacSource.STATIC),
                entry(RED, MacAddress.parse("02:00:00:00:00:04"), new MacLocation.Remote(VtepId.of("hv2")),
                        MacSource.LEARNED));
        Map<Vni, List<ArpBinding>> arps = Map.of(BLUE, List.of(
                new ArpBinding(BLUE, InetAddress.getByName("10.0.0.1"), onHv1, 0)));

        TorSpec spec = TorSpecs.compute(TOR, desired, macs, arps, List.of());

        assertThat(spec.logicalSwitches().get("vtep-manager-5000").remoteMacs()).as("its own MAC is not remote")
                .isEqualTo(Map.of(
                "02:00:00:00:00:01", new TorSpec.RemoteMac(Optional.of("192.0.2.1"), Optional.of("10.0.0.1")),
                "02:00:00:00:00:03", new TorSpec.RemoteMac(Optional.empty(), Optional.empty())));
        assertThat(spec.logicalSwitches().get("vtep-manager-6000").remoteMacs()).isEqualTo(Map.of(
                "02:00:00:00:00:04", new TorSpec.RemoteMac(Optional.of("192.0.2.2"), Optional.empty())));
        assertThat(spec.logicalSwitches().get("vtep-manager-5000").floodIncomplete())
                .as("hv3's IP is unknown").isTrue();
        assertThat(spec.logicalSwitches().get("vtep-manager-6000").floodIncomplete()).isFalse();
    }

    @Test
    void aMacClaimingSeveralIpsPublishesItsFirstIpv4ByTextWhetherPlannedWholeOrAlone() throws Exception {
        MacAddress onHv1 = MacAddress.parse("02:00:00:00:00:01");
        List<InetAddress> claims = List.of(InetAddress.getByName("10.0.0.10"), InetAddress.getByName("10.0.0.9"),
                InetAddress.getByName("fe80::1"));
        MacEntry entry = entry(BLUE, onHv1, new MacLocation.Local(new PortVlan(VtepId.of("hv1"), PortName.of("vm1"),
                VlanId.UNTAGGED)), MacSource.LEARNED);

        TorSpec spec = TorSpecs.compute(TOR, desired, List.of(entry), Map.of(BLUE,
                claims.stream().map(ip -> new ArpBinding(BLUE, ip, onHv1, 0)).toList()), List.of());

        assertThat(spec.logicalSwitches().get("vtep-manager-5000").remoteMacs().get("02:00:00:00:00:01").ip())
                .contains("10.0.0.10");
        assertThat(TorSpecs.ipv4(List.of(claims.get(2), claims.get(1), claims.get(0))))
                .as("one MAC's claims, in any order").contains("10.0.0.10");
        assertThat(TorSpecs.ipv4(List.of(InetAddress.getByName("fe80::1")))).isEmpty();
    }

    @Test
    void configuredServiceNodesReplaceTheVtepsOfTheNetworkAsFloodList() {
        TorSpec spec = TorSpecs.compute(TOR, desired, List.of(), Map.of(), List.of("192.0.2.100", "192.0.2.101"));

        assertThat(spec.logicalSwitches().values()).allSatisfy(ls -> {
            assertThat(ls.replication()).isEqualTo(TorSpec.Replication.SERVICE_NODE);
            assertThat(ls.floodIps()).containsExactly("192.0.2.100", "192.0.2.101");
            assertThat(ls.floodIncomplete()).isFalse();
        });
    }

    @Test
    void eachNetworkUsesItsOwnReplicationAndOnlyNetworksWithoutOneTakeTheManagerDefault() {
        Intent perNetwork = apply(intent,
                new IntentChange.UpdateNetwork(new VirtualNetwork(BLUE, "blue", "", OptionalInt.empty(),
                        Optional.of(Replication.of("service-node", List.of("192.0.2.200", "192.0.2.201")))),
                        IntentChange.ANY_VERSION));
        DesiredState state = DesiredState.compute(perNetwork, ObservedState.NONE);

        TorSpec sourceByDefault = TorSpecs.compute(TOR, state, List.of(), Map.of(), List.of());
        TorSpec serviceByDefault = TorSpecs.compute(TOR, state, List.of(), Map.of(), List.of("192.0.2.100"));

        TorSpec.LogicalSwitchSpec blue = sourceByDefault.logicalSwitches().get("vtep-manager-5000");
        assertThat(blue.replication()).isEqualTo(TorSpec.Replication.SERVICE_NODE);
        assertThat(blue.floodIps()).containsExactly("192.0.2.200", "192.0.2.201");
        assertThat(blue.floodIncomplete()).as("service nodes are all known").isFalse();
        assertThat(sourceByDefault.logicalSwitches().get("vtep-manager-6000").replication())
                .isEqualTo(TorSpec.Replication.SOURCE_NODE);
        assertThat(serviceByDefault.logicalSwitches().get("vtep-manager-5000").floodIps())
                .as("the network's own setting wins over the default").containsExactly("192.0.2.200", "192.0.2.201");
        assertThat(serviceByDefault.logicalSwitches().get("vtep-manager-6000").floodIps())
                .containsExactly("192.0.2.100");
    }

    @Test
    void aNetworkThatAsksForSourceNodeFloodsToItsVtepsDespiteADefaultOfServiceNodes() {
        Intent sourceNode = apply(intent, new IntentChange.UpdateNetwork(new VirtualNetwork(BLUE, "blue", "",
                OptionalInt.empty(), Optional.of(new Replication.SourceNode())), IntentChange.ANY_VERSION));

        TorSpec spec = TorSpecs.compute(TOR, DesiredState.compute(sourceNode, ObservedState.NONE), List.of(), Map.of(),
                List.of("192.0.2.100"));

        TorSpec.LogicalSwitchSpec blue = spec.logicalSwitches().get("vtep-manager-5000");
        assertThat(blue.replication()).isEqualTo(TorSpec.Replication.SOURCE_NODE);
        assertThat(blue.floodIps()).containsExactly("192.0.2.1");
    }

    @Test
    void aTorThatLeftIntentGetsAnEmptySpec() {
        TorSpec spec = TorSpecs.compute(VtepId.of("gone"), desired, List.of(), Map.of(), List.of());

        assertThat(spec.logicalSwitches()).isEmpty();
        assertThat(spec.bindings()).isEmpty();
    }

    @Test
    void aTorLeftOutOfTheMeshKeepsItsSwitchesAndBindingsButIsGivenNoRemoteMacAndNoFloodList() {
        Intent unconfigured = intentWithTorAt(null);
        ObservedState bothReport = ObservedState.NONE
                .with(new VtepObservation(TOR, ConnectionState.CONNECTED, Optional.of(TunnelIp.parse("192.0.2.1")),
                        List.of(), List.of()))
                .with(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                        Optional.of(TunnelIp.parse("192.0.2.1")), List.of(), List.of()));
        DesiredState copied = DesiredState.compute(unconfigured, bothReport);
        MacEntry onHv2 = entry(RED, MacAddress.parse("02:00:00:00:00:04"), new MacLocation.Remote(VtepId.of("hv2")),
                MacSource.LEARNED);

        TorSpec spec = TorSpecs.compute(TOR, copied, List.of(onHv2), Map.of(), List.of());

        assertThat(copied.vteps().get(TOR).leftOut()).as("hv1, configured there, keeps 192.0.2.1").isTrue();
        assertThat(spec.logicalSwitches()).containsOnlyKeys("vtep-manager-5000", "vtep-manager-6000");
        assertThat(spec.logicalSwitches().values()).allSatisfy(ls -> {
            assertThat(ls.remoteMacs()).isEmpty();
            assertThat(ls.floodIps()).isEmpty();
        });
        assertThat(spec.bindings()).isEqualTo(Map.of("p1", Map.of(0L, "vtep-manager-5000", 200L, "vtep-manager-6000")));
        assertThat(TorSpecs.compute(TOR, desired, List.of(onHv2), Map.of(), List.of()).logicalSwitches()
                .get("vtep-manager-6000").remoteMacs()).as("the same MAC for a ToR in the mesh").isNotEmpty();
    }

    /** tor1 binds blue and red, hv1 blue, hv2 red, hv3 (no tunnel IP) blue. */
    private static Intent intentWithTorAt(String torTunnelIp) {
        return apply(Intent.EMPTY,
                vtep("tor1", torTunnelIp), vtep("hv1", "192.0.2.1"), vtep("hv2", "192.0.2.2"), vtep("hv3", null),
                new IntentChange.CreateNetwork(new VirtualNetwork(BLUE, "blue", "", OptionalInt.empty())),
                new IntentChange.CreateNetwork(new VirtualNetwork(RED, "red", "", OptionalInt.empty())),
                bind("tor1", "p1", 0, BLUE), bind("tor1", "p1", 200, RED), bind("hv1", "vm1", 0, BLUE),
                bind("hv2", "vm2", 0, RED), bind("hv3", "vm3", 0, BLUE));
    }

    private static MacEntry entry(Vni vni, MacAddress mac, MacLocation location, MacSource source) {
        return new MacEntry(vni, mac, location, source, 0, 0, 0);
    }

    private static IntentChange vtep(String id, String tunnelIp) {
        VtepKind kind = id.startsWith("tor") ? VtepKind.HARDWARE_VTEP : VtepKind.HYPERVISOR;
        return new IntentChange.RegisterVtep(new Vtep(VtepId.of(id), kind,
                Optional.of(OvsdbAddress.parse("unix:/run/" + id + ".sock")),
                Optional.ofNullable(tunnelIp).map(TunnelIp::parse)));
    }

    private static IntentChange bind(String vtep, String port, int vlan, Vni vni) {
        return new IntentChange.CreateBinding(new VlanBinding(new PortVlan(VtepId.of(vtep), PortName.of(port),
                VlanId.of(vlan)), vni));
    }

    private static Intent apply(Intent intent, IntentChange... changes) {
        Intent next = intent;
        for (IntentChange change : changes) {
            next = next.apply(change);
        }
        return next;
    }
}

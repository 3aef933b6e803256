package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;
import static org.vtepmanager.core.topology.ProblemLogCapture.appeared;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;

/**
 * A bound port whose MTU is above what its network carries pings while TCP stalls, and no switch says why: the
 * VTEP's view does, naming the port, the limit and the MTU to give it.
 */
class EndpointMtuProblemTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ProblemLogCapture logged = new ProblemLogCapture();

    @Test
    void aBoundPortAboveTheDerivedNetworkMtuIsAProblemUntilItsMtuIsLowered() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = boundHv1(store, 1500);

            topology.reportVtep(hv1(port("vm1", 1500), port("vm2", 1450)));
            assertThat(topology.vteps().get(0).problems()).containsExactly("port vm1 (bound, VLAN 0 to VNI 5000) "
                    + "has MTU 1500, above network 5000's MTU of 1450: its frames over 1450 bytes are lost in the "
                    + "tunnel while smaller ones (ping) pass; give the endpoint MTU 1450");

            topology.reportVtep(hv1(port("vm1", 1450), port("vm2", 1450)));
            assertThat(topology.vteps().get(0).problems()).isEmpty();
        }
    }

    /** The problem log hears of it at the change of the network, not at the switch's next report. */
    @Test
    void aNetworkSetBelowTheUnderlaysShareIsTheLimitAndChangingItJudgesItsPortsAgain() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = boundHv1(store, 1500);
            topology.reportVtep(hv1(port("vm1", 1450), port("vm2", 1400)));
            assertThat(topology.vteps().get(0).problems()).isEmpty();
            logged.clear();

            setMtu(store, 1400);

            String problem = "port vm1 (bound, VLAN 0 to VNI 5000) has MTU 1450, above network 5000's MTU of 1400: "
                    + "endpoints that keep to the network's MTU drop its frames over 1400 bytes; give the endpoint "
                    + "MTU 1400";
            assertThat(topology.vteps().get(0).problems()).containsExactly(problem);
            assertThat(logged.problems()).containsExactly(appeared("hv1", problem));
        }
    }

    @Test
    void aPortAboveBothANetworkSetLowAndTheUnderlayLosesItsFramesInTheTunnel() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = boundHv1(store, 1500);
            setMtu(store, 1400);

            topology.reportVtep(hv1(port("vm1", 1500), port("vm2", 1400)));

            assertThat(topology.vteps().get(0).problems()).containsExactly("port vm1 (bound, VLAN 0 to VNI 5000) "
                    + "has MTU 1500, above network 5000's MTU of 1400: its frames over 1450 bytes are lost in the "
                    + "tunnel while smaller ones (ping) pass; give the endpoint MTU 1400");
        }
    }

    @Test
    void aNetworkSetAboveWhatTheUnderlayCarriesIsNoExcuse() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = boundHv1(store, 1500);
            setMtu(store, 9000);

            topology.reportVtep(hv1(port("vm1", 9000), port("vm2", 1450)));

            assertThat(topology.vteps().get(0).problems()).containsExactly("port vm1 (bound, VLAN 0 to VNI 5000) "
                    + "has MTU 9000, above the 1450 bytes a 1500-byte underlay carries with VXLAN's 50 (network 5000 "
                    + "is set to 9000): its frames over 1450 bytes are lost in the tunnel while smaller ones (ping) "
                    + "pass; give the endpoint MTU 1450");
        }
    }

    @Test
    void aJumboUnderlayCarriesJumboEndpointsAndAPortWithoutAnMtuIsNotJudged() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = boundHv1(store, 9050);

            topology.reportVtep(hv1(port("vm1", 9000),
                    new SwitchPort("vm2", 2, Optional.empty(), Optional.empty(), OptionalInt.empty())));

            assertThat(topology.vteps().get(0).problems()).isEmpty();
            assertThat(topology.topology().networks().get(0).value().effectiveMtu(topology.carriedMtu()))
                    .isEqualTo(9000);
        }
    }

    /**
     * VXLAN over IPv6 adds 70 bytes, not 50: 1,430 of a 1,500-byte underlay are left, and an endpoint at 1,450 loses
     * its largest packets (measured in the lab). A first VTEP tunnelling over IPv6 lowers every network's derived
     * MTU, so the other VTEPs' ports are judged again at its report.
     */
    @Test
    void aVtepTunnellingOverIpv6LowersWhatEveryNetworkCarriesToTheUnderlayLessSeventy() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = boundHv1(store, 1500);
            store.apply(vtep("hv2", "192.0.2.2", null));
            store.apply(binding("hv2", "vm3", 0, 5000));
            topology.reportVtep(new VtepObservation(VtepId.of("hv2"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.2")), List.of(port("vm3", 1450)), List.of()));
            assertThat(topology.carriedMtu()).isEqualTo(1450);
            logged.clear();

            topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("2001:db8::1")), List.of(port("vm1", 1430), port("vm2", 1430)),
                    List.of()));

            String problem = "port vm3 (bound, VLAN 0 to VNI 5000) has MTU 1450, above network 5000's MTU of 1430: "
                    + "its frames over 1430 bytes are lost in the tunnel while smaller ones (ping) pass; give the "
                    + "endpoint MTU 1430";
            assertThat(topology.carriedMtu()).isEqualTo(1430);
            assertThat(topology.topology().networks().get(0).value().effectiveMtu(topology.carriedMtu()))
                    .isEqualTo(1430);
            assertThat(logged.problems()).containsExactly(appeared("hv2", problem));
        }
    }

    /** hv1 with vm1 and vm2 bound untagged to network 5000, over an underlay of {@code underlayMtu}. */
    private static TopologyService boundHv1(H2IntentStore store, int underlayMtu) {
        TopologyService topology = new TopologyService(store, new MacTables(MacTableConfig.DEFAULTS,
                Clock.systemUTC()), underlayMtu);
        store.apply(vtep("hv1", "192.0.2.1", null));
        store.apply(network(5000));
        store.apply(binding("hv1", "vm1", 0, 5000));
        store.apply(binding("hv1", "vm2", 0, 5000));
        return topology;
    }

    private static void setMtu(H2IntentStore store, int mtu) {
        store.apply(new IntentChange.UpdateNetwork(new VirtualNetwork(Vni.of(5000), "net-5000", "",
                OptionalInt.of(mtu)), IntentChange.ANY_VERSION));
    }

    private static SwitchPort port(String name, int mtu) {
        return new SwitchPort(name, 1, Optional.empty(), Optional.empty(), OptionalInt.of(mtu));
    }

    private static VtepObservation hv1(SwitchPort... ports) {
        return new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("198.51.100.1")), List.of(ports), List.of());
    }
}

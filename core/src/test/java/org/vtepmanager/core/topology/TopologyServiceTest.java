package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;
import static org.vtepmanager.core.topology.ProblemLogCapture.appeared;
import static org.vtepmanager.core.topology.ProblemLogCapture.resolved;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentFixtures;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;

class TopologyServiceTest {

    @TempDir
    Path dir;

    private static final String VM9_MISSING = "port vm9 (bound, VLAN 10 to VNI 5000) is not on the integration "
            + "bridge: the binding takes effect when it appears";

    @RegisterExtension
    final ProblemLogCapture logged = new ProblemLogCapture();

    /**
     * Every hypervisor reports again whenever the mesh changes, mostly unchanged: such a report must not make the
     * next reader compute the desired state again. A report of a VTEP not registered is not kept, and says so.
     */
    @Test
    void aRepeatedReportKeepsTheDesiredStateAndAReportOfAnUnregisteredVtepIsNotKept() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", null));
            VtepObservation hv1Up = new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.1")), List.of(), List.of());
            assertThat(topology.reportVtep(hv1Up)).isTrue();
            DesiredState before = topology.desiredState();

            assertThat(topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.1")), List.of(), List.of()))).isTrue();

            assertThat(topology.desiredState()).isSameAs(before);
            assertThat(topology.reportVtep(new VtepObservation(VtepId.of("hv9"), ConnectionState.CONNECTED,
                    Optional.empty(), List.of(), List.of()))).isFalse();
            assertThat(topology.vteps()).extracting(view -> view.vtep().id()).containsExactly(VtepId.of("hv1"));
        }
    }

    @Test
    void topologyJoinsIntentAndObservationAndEventsFireOnRealChangesOnly() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            List<TopologyEvent> events = new ArrayList<>();
            topology.addListener(events::add);

            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(vtep("hv2", "192.0.2.2", null));
            store.apply(network(5000));
            store.apply(binding("hv1", "vm1", 0, 5000));
            store.apply(binding("hv2", "vm2", 0, 5000));
            VtepObservation hv2Up = new VtepObservation(VtepId.of("hv2"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.2")), List.of(), List.of());
            topology.reportVtep(hv2Up);
            topology.reportVtep(hv2Up);

            Topology now = topology.topology();
            assertThat(now.revision()).isEqualTo(5);
            assertThat(now.vteps()).extracting(VtepView::state)
                    .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED);
            assertThat(now.tunnels()).hasSize(2);
            assertThat(now.bindings()).hasSize(2);
            assertThat(topology.vteps()).isEqualTo(now.vteps());
            assertThat(topology.desiredState().tunnels()).isEqualTo(now.tunnels());
            assertThat(events).extracting(TopologyEvent::type).containsExactly(
                    TopologyEvent.Type.INTENT_CHANGED, TopologyEvent.Type.INTENT_CHANGED,
                    TopologyEvent.Type.INTENT_CHANGED, TopologyEvent.Type.INTENT_CHANGED,
                    TopologyEvent.Type.INTENT_CHANGED, TopologyEvent.Type.VTEP_OBSERVED);
        }
    }

    @Test
    void theDesiredStateIsComputedOncePerIntentAndObservationAndAgainAfterEitherChanges() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(vtep("hv2", "192.0.2.2", null));
            DesiredState first = topology.desiredState();
            assertThat(topology.desiredState()).isSameAs(first);

            store.apply(network(5000));
            store.apply(binding("hv1", "vm1", 0, 5000));
            DesiredState afterIntent = topology.desiredState();
            assertThat(afterIntent).isNotSameAs(first);
            assertThat(afterIntent.vteps().get(VtepId.of("hv1")).networks()).hasSize(1);
            assertThat(afterIntent.tunnels()).isEmpty();

            topology.reportVtep(new VtepObservation(VtepId.of("hv2"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.2")), List.of(), List.of()));
            DesiredState afterObservation = topology.desiredState();
            assertThat(afterObservation.tunnels()).hasSize(2);
            assertThat(topology.desiredState()).isSameAs(afterObservation);
        }
    }

    @Test
    void aVtepRegisteredAgainAfterItsDeletionInheritsNothingObservedOfTheOldOne() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            VtepId tor = VtepId.of("tor1");
            store.apply(vtep("tor1", "192.0.2.10", null));
            topology.reportVtep(new VtepObservation(tor, ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.10")), List.of(), List.of()));

            store.apply(new IntentChange.DeleteVtep(tor));
            // The deleted VTEP's session, closing, still says it went down.
            topology.reportVtep(new VtepObservation(tor, ConnectionState.DISCONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.10")), List.of(), List.of("OVSDB session closed")));
            store.apply(vtep("tor1", "192.0.2.20", null));

            assertThat(topology.vteps()).singleElement().satisfies(view -> {
                assertThat(view.state()).isEqualTo(ConnectionState.DISCONNECTED);
                assertThat(view.tunnelIp()).as("the old ToR's address").isEmpty();
                assertThat(view.problems()).isEmpty();
            });
        }
    }

    @Test
    void aSwitchsRefusalIsAProblemUntilClearedOnceEachAndNotKeptForAVtepNotRegistered() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            List<TopologyEvent> events = new ArrayList<>();
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            topology.addListener(events::add);
            String full = "switch 1 refused flows of the manager's (FLOW_MOD_FAILED TABLE_FULL)";

            topology.reportFlowRefusal(VtepId.of("hv1"), Optional.of(full));
            topology.reportFlowRefusal(VtepId.of("hv1"), Optional.of(full));
            assertThat(topology.vteps().get(0).problems()).containsExactly(full);
            topology.reportFlowRefusal(VtepId.of("hv1"), Optional.empty());
            assertThat(topology.vteps().get(0).problems()).isEmpty();
            assertThat(events).as("one event when it came, one when it went").extracting(TopologyEvent::type)
                    .containsExactly(TopologyEvent.Type.VTEP_OBSERVED, TopologyEvent.Type.VTEP_OBSERVED);

            topology.reportFlowRefusal(VtepId.of("hv9"), Optional.of(full));
            store.apply(vtep("hv9", "192.0.2.9", null));
            assertThat(topology.vteps()).filteredOn(view -> view.vtep().id().equals(VtepId.of("hv9")))
                    .singleElement().satisfies(view -> assertThat(view.problems()).isEmpty());
        }
    }

    @Test
    void aMissingOpenFlowSessionIsAProblemOnlyWhileTheSwitchItselfReportsItsBridgeConnected() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", null));
            String missing = "the manager has held no OpenFlow session from this hypervisor's integration bridge";
            topology.reportVtep(hypervisorReporting(false));

            topology.reportSessionMissing(VtepId.of("hv1"), Optional.of(missing));
            assertThat(topology.vteps().get(0).problems()).containsExactly(missing);
            assertThat(logged.problems()).containsExactly(appeared("hv1", missing));

            topology.reportVtep(hypervisorReporting(true));
            assertThat(topology.vteps().get(0).problems()).as("the switch's own account says why")
                    .containsExactly("bridge br-int has not been connected to the manager's OpenFlow controller");

            topology.reportVtep(hypervisorReporting(false));
            topology.reportSessionMissing(VtepId.of("hv1"), Optional.empty());
            assertThat(topology.vteps().get(0).problems()).isEmpty();
        }
    }

    /**
     * OpenFlow cannot tell apart two bridges with one datapath id: both VTEPs say so, each naming the other, and the
     * id belongs to neither, until one reports another id; a disconnected VTEP's last id shares nothing.
     */
    @Test
    void hypervisorsReportingOneDatapathIdEachHaveAProblemNamingTheOtherUntilOneChangesIt() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", null));
            store.apply(vtep("hv2", "192.0.2.2", null));
            topology.reportVtep(withDatapath("hv1", ConnectionState.CONNECTED, 0x2b));
            topology.reportVtep(withDatapath("hv2", ConnectionState.CONNECTED, 0x2b));

            assertThat(problemsOf(topology, "hv1")).singleElement().asString()
                    .startsWith("datapath id 000000000000002b of the integration bridge is also hv2's");
            assertThat(problemsOf(topology, "hv2")).singleElement().asString()
                    .startsWith("datapath id 000000000000002b of the integration bridge is also hv1's");
            assertThat(logged.problems()).hasSize(2);
            assertThat(topology.vtepOfDatapath(0x2b)).isEmpty();

            topology.reportVtep(withDatapath("hv2", ConnectionState.CONNECTED, 0x2c));
            assertThat(problemsOf(topology, "hv1")).isEmpty();
            assertThat(problemsOf(topology, "hv2")).isEmpty();
            assertThat(logged.problems()).as("each resolved once").hasSize(4);

            assertThat(topology.vtepOfDatapath(0x2c)).contains(VtepId.of("hv2"));
            topology.reportVtep(withDatapath("hv2", ConnectionState.DISCONNECTED, 0x2b));
            assertThat(problemsOf(topology, "hv1")).isEmpty();
            assertThat(topology.vtepOfDatapath(0x2b)).as("of the connected one").contains(VtepId.of("hv1"));
        }
    }

    private static VtepObservation withDatapath(String vtep, ConnectionState state, long datapathId) {
        return new VtepObservation(VtepId.of(vtep), state, Optional.empty(), OptionalLong.of(datapathId), List.of(),
                List.of(), Optional.empty(), List.of());
    }

    private static List<String> problemsOf(TopologyService topology, String vtep) {
        return topology.vteps().stream().filter(view -> view.vtep().id().equals(VtepId.of(vtep))).findFirst()
                .orElseThrow().problems();
    }

    /** hv1 connected with a datapath id; reporting its bridge unconnected ({@code down}) with its own problem. */
    private static VtepObservation hypervisorReporting(boolean down) {
        return new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.1")), OptionalLong.of(0x2b), List.of(),
                down ? List.of("bridge br-int has not been connected to the manager's OpenFlow controller") : List.of(),
                Optional.empty(), List.of(TunnelIp.parse("192.0.2.1")), down);
    }

    @Test
    void vtepsThatReportOneTunnelIpShowNoneAndAProblemNamingEachOther() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            bothReportOneTunnelIp(store, topology, List.of("port vm1: no such port"));

            assertThat(topology.vteps()).allSatisfy(view -> assertThat(view.tunnelIp()).isEmpty());
            assertThat(topology.vteps().get(0).problems()).containsExactly("port vm1: no such port", "tunnel IP "
                    + "198.51.100.7 is also hv2's: this VTEP is left out of the mesh until one of them changes");
            assertThat(topology.topology().tunnels()).isEmpty();
            Set<VtepId> both = Set.of(VtepId.of("hv1"), VtepId.of("hv2"));
            assertThat(topology.tunnelMesh()).isEqualTo(new TunnelMesh(new TreeMap<>(Map.of(VtepId.of("hv1"),
                    Optional.empty(), VtepId.of("hv2"), Optional.empty())), both));
        }
    }

    /** hv1 and hv2, registered without a tunnel IP, both connected and reporting 198.51.100.7 and {@code problems}. */
    private static void bothReportOneTunnelIp(H2IntentStore store, TopologyService topology, List<String> problems) {
        store.apply(vtep("hv1", "192.0.2.1", null));
        store.apply(vtep("hv2", "192.0.2.2", null));
        for (String id : List.of("hv1", "hv2")) {
            topology.reportVtep(new VtepObservation(VtepId.of(id), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.7")), List.of(), problems));
        }
    }

    /** A host cloned with another's local_ip: the operator settles whose the address is with a configured IP. */
    @Test
    void ofTwoConnectedVtepsReportingOneTunnelIpTheOneGivenItAsConfiguredKeepsIt() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            bothReportOneTunnelIp(store, topology, List.of());

            store.apply(new IntentChange.UpdateVtep(new Vtep(VtepId.of("hv1"), VtepKind.HYPERVISOR,
                    Optional.of(OvsdbAddress.parse("tcp:192.0.2.1")), Optional.of(TunnelIp.parse("198.51.100.7"))),
                    IntentChange.ANY_VERSION));

            assertThat(topology.vteps().get(0).tunnelIp()).contains(TunnelIp.parse("198.51.100.7"));
            assertThat(topology.vteps().get(0).problems()).isEmpty();
            assertThat(topology.vteps().get(1).problems()).containsExactly("tunnel IP 198.51.100.7 is also hv1's "
                    + "(configured there): this VTEP is left out of the mesh until one of them changes");
            assertThat(topology.tunnelMesh().leftOut()).containsExactly(VtepId.of("hv2"));
        }
    }

    @Test
    void aBoundPortMissingFromAConnectedHypervisorIsListedAsAProblem() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            store.apply(network(5000));
            store.apply(binding("hv1", "vm1", 0, 5000));
            store.apply(binding("hv1", "vm9", 10, 5000));
            assertThat(topology.vteps().get(0).problems()).as("not connected: nothing known of its ports").isEmpty();

            topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED, Optional.empty(),
                    List.of(SwitchPort.plain("vm1", 1)), List.of()));

            assertThat(topology.vteps().get(0).problems()).containsExactly("port vm9 (bound, VLAN 10 to VNI 5000) is "
                    + "not on the integration bridge: the binding takes effect when it appears");
        }
    }

    @Test
    void aConfiguredTunnelIpOtherThanTheOneAConnectedHypervisorReportsIsAProblemUntilCleared() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.1"));
            topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("198.51.100.10")), List.of(), List.of()));

            assertThat(topology.vteps().get(0).tunnelIp()).contains(TunnelIp.parse("198.51.100.1"));
            assertThat(topology.vteps().get(0).problems()).containsExactly("tunnel IP 198.51.100.1 is configured for "
                    + "this VTEP, but the switch reports 198.51.100.10 (Open_vSwitch other_config:local_ip): other "
                    + "VTEPs tunnel to 198.51.100.1; clear the configured one if it is a mistake");

            store.apply(new IntentChange.UpdateVtep(new Vtep(VtepId.of("hv1"), VtepKind.HYPERVISOR,
                    Optional.of(OvsdbAddress.parse("tcp:192.0.2.1")), Optional.empty()), IntentChange.ANY_VERSION));

            assertThat(topology.vteps().get(0).problems()).isEmpty();
            assertThat(topology.vteps().get(0).tunnelIp()).contains(TunnelIp.parse("198.51.100.10"));
            assertThat(logged.levels()).containsExactly(Level.WARN, Level.INFO);
        }
    }

    /**
     * Each intent change compares only the views it can touch: a binding's VTEP's, every VTEP's when one is
     * registered or deleted. Both must still log what an operator reads.
     */
    @Test
    void problemsThatIntentChangesBringOrSettleAreLoggedOnce() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", "198.51.100.7"));
            store.apply(vtep("hv2", "192.0.2.2", null));
            store.apply(network(5000));
            for (String id : List.of("hv1", "hv2")) {
                topology.reportVtep(new VtepObservation(VtepId.of(id), ConnectionState.CONNECTED,
                        Optional.of(TunnelIp.parse("198.51.100.7")), List.of(SwitchPort.plain("vm1", 1)), List.of()));
            }
            logged.clear();

            store.apply(binding("hv1", "vm9", 10, 5000));
            store.apply(network(5001));
            store.apply(new IntentChange.DeleteBinding(IntentFixtures.portVlan("hv1", "vm9", 10)));
            store.apply(new IntentChange.DeleteVtep(VtepId.of("hv1")));

            String leftOut = "tunnel IP 198.51.100.7 is also hv1's (configured there): this VTEP is left out of "
                    + "the mesh until one of them changes";
            assertThat(logged.problems()).containsExactly(appeared("hv1", VM9_MISSING),
                    resolved("hv1", VM9_MISSING), resolved("hv2", leftOut));
        }
    }

    /**
     * A report compares its own VTEP's view and the views of the VTEPs whose claim to a tunnel IP it changed: a change
     * of its ports touches its own view alone, a change of its IP may settle another's claim. Both must still log what
     * an operator reads.
     */
    @Test
    void problemsThatReportsBringOrSettleAreLoggedOnceForTheReportingVtepAndTheOthers() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            store.apply(vtep("hv1", "192.0.2.1", null));
            store.apply(vtep("hv2", "192.0.2.2", null));
            store.apply(network(5000));
            store.apply(binding("hv2", "vm9", 10, 5000));
            topology.reportVtep(hv("hv1", "198.51.100.7"));
            topology.reportVtep(hv("hv2", "198.51.100.7", "vm9"));
            logged.clear();

            topology.reportVtep(hv("hv2", "198.51.100.7"));
            topology.reportVtep(hv("hv2", "198.51.100.8"));

            String shared = "tunnel IP 198.51.100.7 is also %s's: this VTEP is left out of the mesh until one of "
                    + "them changes";
            assertThat(logged.problems()).containsExactly(appeared("hv2", VM9_MISSING),
                    resolved("hv1", shared.formatted("hv2")), resolved("hv2", shared.formatted("hv1")));
        }
    }

    /** A connected hypervisor reporting {@code tunnelIp} and the ports named. */
    private static VtepObservation hv(String id, String tunnelIp, String... ports) {
        return new VtepObservation(VtepId.of(id), ConnectionState.CONNECTED, Optional.of(TunnelIp.parse(tunnelIp)),
                Arrays.stream(ports).map(port -> SwitchPort.plain(port, 1)).toList(),
                List.of());
    }

    @Test
    void aRepairOfASwitchsFlowsIsOneEventNamingTheVtepAndBothCounts() {
        assertThat(theOneRepairEvent(topology -> topology.reportFlowsRepaired(VtepId.of("hv1"), 8, 14)).subject())
                .isEqualTo("hv1: its switch held 8 of our flows where 14 were installed; read back and repaired");
    }

    @Test
    void aRepairOfFlowsChangedByHandIsOneEventNamingTheVtepAndWhatDiffered() {
        assertThat(theOneRepairEvent(topology -> topology.reportFlowsChanged(VtepId.of("hv1"), 1, 2)).subject())
                .isEqualTo("hv1: its switch held 1 flow and 2 groups of ours other than we installed; read back "
                        + "and repaired");
    }

    /** The one event {@code report} fires, which must be a repair. */
    private TopologyEvent theOneRepairEvent(Consumer<TopologyService> report) {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = topologyOn(store);
            List<TopologyEvent> events = new ArrayList<>();
            topology.addListener(events::add);

            report.accept(topology);

            assertThat(events).singleElement().extracting(TopologyEvent::type)
                    .isEqualTo(TopologyEvent.Type.FLOWS_REPAIRED);
            return events.get(0);
        }
    }

    @Test
    void aMacThatALearnMovesIsAnEventNamingWhereItWasAndWhereItIs() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            MacTables macs = new MacTables(MacTableConfig.DEFAULTS, Clock.systemUTC());
            TopologyService topology = new TopologyService(store, macs, 1500);
            List<TopologyEvent> events = new ArrayList<>();
            topology.addListener(events::add);
            MacAddress mac = MacAddress.parse("02:00:00:00:00:07");

            macs.learn(Vni.of(5000), mac, new MacLocation.Remote(VtepId.of("hv1")), MacSource.LEARNED);
            macs.learn(Vni.of(5000), mac, new MacLocation.Remote(VtepId.of("tor1")), MacSource.HARDWARE_VTEP);

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo(TopologyEvent.Type.MAC_MOVED);
                assertThat(event.subject()).contains("02:00:00:00:00:07", "hv1", "tor1");
            });
        }
    }

    /** A topology over {@code store} with empty MAC tables and a 1500-byte underlay. */
    private static TopologyService topologyOn(H2IntentStore store) {
        return new TopologyService(store, new MacTables(MacTableConfig.DEFAULTS, Clock.systemUTC()), 1500);
    }
}

package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.applyAll;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;

class DesiredStateTest {

    private static final VtepId HV1 = VtepId.of("hv1");
    private static final VtepId HV2 = VtepId.of("hv2");
    private static final VtepId HV3 = VtepId.of("hv3");

    private final Intent intent = applyAll(Intent.EMPTY,
            vtep("hv1", "192.0.2.1", "198.51.100.1"), vtep("hv2", "192.0.2.2", "198.51.100.2"),
            vtep("hv3", "192.0.2.3", null), network(5000), network(6000),
            binding("hv1", "vm1", 0, 5000), binding("hv1", "vm1", 10, 6000),
            binding("hv2", "vm2", 0, 5000), binding("hv3", "vm3", 0, 5000));

    @Test
    void tunnelsJoinEveryPairWithKnownTunnelIpsNamingTheNetworksTheyShare() {
        DesiredState desired = DesiredState.compute(intent, ObservedState.NONE);

        assertThat(desired.vteps().get(HV1).tunnels()).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(HV2);
            assertThat(t.remoteIp()).isEqualTo(TunnelIp.parse("198.51.100.2"));
            assertThat(t.vnis()).containsExactly(Vni.of(5000));
        });
        assertThat(desired.vteps().get(HV2).tunnels()).extracting(Tunnel::to).containsExactly(HV1);
    }

    /**
     * A full mesh asks for every pair's shared networks: VTEPs with equal networks share one set of them, and two
     * sets are intersected once for every pair that has them.
     */
    @Test
    void tunnelsBetweenVtepsWithTheSameNetworksShareOneSetAndEachPairOfSetsIsIntersectedOnce() {
        Intent four = applyAll(Intent.EMPTY, vtep("hv1", "192.0.2.1", "198.51.100.1"),
                vtep("hv2", "192.0.2.2", "198.51.100.2"), vtep("hv3", "192.0.2.3", "198.51.100.3"),
                vtep("hv4", "192.0.2.4", "198.51.100.4"), network(5000), network(6000), network(7000),
                binding("hv1", "vm1", 0, 5000), binding("hv1", "vm1", 10, 6000),
                binding("hv2", "vm2", 0, 5000), binding("hv2", "vm2", 10, 6000),
                binding("hv3", "vm3", 0, 5000), binding("hv3", "vm3", 10, 7000),
                binding("hv4", "vm4", 0, 5000), binding("hv4", "vm4", 10, 7000));
        DesiredState desired = DesiredState.compute(four, ObservedState.NONE);

        Tunnel oneToTwo = tunnel(desired, "hv1", "hv2");
        assertThat(oneToTwo.vnis()).containsExactly(Vni.of(5000), Vni.of(6000));
        assertThat(tunnel(desired, "hv2", "hv1").vnis()).isSameAs(oneToTwo.vnis());
        Tunnel oneToThree = tunnel(desired, "hv1", "hv3");
        assertThat(oneToThree.vnis()).containsExactly(Vni.of(5000));
        assertThat(tunnel(desired, "hv2", "hv4").vnis()).isSameAs(oneToThree.vnis());
        assertThat(tunnel(desired, "hv3", "hv4").vnis()).containsExactly(Vni.of(5000), Vni.of(7000));
    }

    private static Tunnel tunnel(DesiredState desired, String from, String to) {
        return desired.vteps().get(VtepId.of(from)).tunnels().stream().filter(t -> t.to().equals(VtepId.of(to)))
                .findFirst().orElseThrow();
    }

    @Test
    void aVtepWithoutBindingsStillJoinsTheFullMesh() {
        Intent withIdle = applyAll(intent, vtep("hv4", "192.0.2.4", "198.51.100.4"));
        DesiredState desired = DesiredState.compute(withIdle, ObservedState.NONE);

        assertThat(desired.vteps().get(VtepId.of("hv4")).tunnels()).extracting(Tunnel::to).containsExactly(HV1, HV2);
        assertThat(desired.vteps().get(HV1).tunnels()).filteredOn(t -> t.to().equals(VtepId.of("hv4")))
                .singleElement().satisfies(t -> assertThat(t.vnis()).isEmpty());
        assertThat(desired.meshMembers()).containsExactly(
                Map.entry(HV1, Optional.of(TunnelIp.parse("198.51.100.1"))),
                Map.entry(HV2, Optional.of(TunnelIp.parse("198.51.100.2"))),
                Map.entry(HV3, Optional.empty()),
                Map.entry(VtepId.of("hv4"), Optional.of(TunnelIp.parse("198.51.100.4"))));
    }

    @Test
    void aVtepWithoutATunnelIpGetsBindingsButNoTunnelsUntilItReportsOne() {
        DesiredState before = DesiredState.compute(intent, ObservedState.NONE);
        assertThat(before.vteps().get(HV3).bindings()).hasSize(1);
        assertThat(before.vteps().get(HV3).tunnels()).isEmpty();

        ObservedState observed = ObservedState.NONE.with(new VtepObservation(HV3, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("198.51.100.3")), List.of(), List.of()));
        DesiredState after = DesiredState.compute(intent, observed);
        assertThat(after.vteps().get(HV3).tunnels()).extracting(Tunnel::to).containsExactly(HV1, HV2);
        assertThat(after.vteps().get(HV1).tunnels()).extracting(Tunnel::to).containsExactly(HV2, HV3);
    }

    @Test
    void networksApplyOnlyWhereBoundAndConfiguredTunnelIpWinsOverObserved() {
        ObservedState observed = ObservedState.NONE.with(new VtepObservation(HV1, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("203.0.113.9")), List.of(), List.of()));
        DesiredState desired = DesiredState.compute(intent, observed);

        assertThat(desired.vteps().get(HV1).networks()).extracting(n -> n.vni().value()).containsExactly(5000, 6000);
        assertThat(desired.vteps().get(HV2).networks()).extracting(n -> n.vni().value()).containsExactly(5000);
        assertThat(desired.vteps().get(HV1).tunnelIp()).contains(TunnelIp.parse("198.51.100.1"));
    }

    @Test
    void aConnectedVtepReportingAnotherVtepsConfiguredIpKeepsItTheRegistrationLoses() {
        DesiredState desired = DesiredState.compute(intent, reported(HV3, "198.51.100.2"));

        assertThat(desired.meshMembers()).containsEntry(HV3, Optional.of(TunnelIp.parse("198.51.100.2")))
                .containsEntry(HV2, Optional.empty());
        assertThat(desired.vteps().get(HV1).tunnels()).extracting(Tunnel::to).containsExactly(HV3);
        assertThat(desired.vteps().get(HV2).tunnels()).isEmpty();
        assertThat(desired.vteps().get(HV2).leftOut()).as("the registration that lost").isTrue();
        assertThat(desired.vteps().get(HV3).leftOut()).as("the connected winner").isFalse();
        assertThat(desired.vteps().get(HV1).leftOut()).isFalse();
    }

    @Test
    void whenBothClaimantsAreConnectedTheConfiguredOneKeepsTheIp() {
        ObservedState observed = reported(HV3, "198.51.100.2").with(new VtepObservation(HV2,
                ConnectionState.CONNECTED, Optional.of(TunnelIp.parse("198.51.100.2")), List.of(), List.of()));

        DesiredState desired = DesiredState.compute(intent, observed);

        assertThat(desired.meshMembers()).containsEntry(HV2, Optional.of(TunnelIp.parse("198.51.100.2")))
                .containsEntry(HV3, Optional.empty());
    }

    @Test
    void twoReportedTunnelIpsAlikeLeaveBothOutAndNeitherIsTakenForTheOther() {
        Intent unconfigured = applyAll(intent, vtep("hv4", "192.0.2.4", null));
        ObservedState observed = reported(HV3, "198.51.100.7").with(new VtepObservation(VtepId.of("hv4"),
                ConnectionState.CONNECTED, Optional.of(TunnelIp.parse("198.51.100.7")), List.of(), List.of()));

        DesiredState desired = DesiredState.compute(unconfigured, observed);

        assertThat(desired.meshMembers()).containsEntry(HV3, Optional.empty())
                .containsEntry(VtepId.of("hv4"), Optional.empty());
        assertThat(desired.vteps().get(HV1).tunnels()).extracting(Tunnel::to).containsExactly(HV2);
        assertThat(desired.vteps().get(HV3).leftOut()).isTrue();
        assertThat(desired.vteps().get(VtepId.of("hv4")).leftOut()).isTrue();
    }

    @Test
    void ofTwoReportedTunnelIpsAlikeTheConnectedVtepsWinsOverOneLastReportedWhenItWentDown() {
        Intent reinstalled = applyAll(intent, vtep("hv4", "192.0.2.4", null));
        ObservedState observed = ObservedState.NONE.with(new VtepObservation(HV3, ConnectionState.DISCONNECTED,
                Optional.of(TunnelIp.parse("198.51.100.7")), List.of(), List.of("OVSDB session closed")))
                .with(new VtepObservation(VtepId.of("hv4"), ConnectionState.CONNECTED,
                        Optional.of(TunnelIp.parse("198.51.100.7")), List.of(), List.of()));

        DesiredState desired = DesiredState.compute(reinstalled, observed);

        assertThat(desired.meshMembers()).containsEntry(HV3, Optional.empty())
                .containsEntry(VtepId.of("hv4"), Optional.of(TunnelIp.parse("198.51.100.7")));
    }

    @Test
    void isAPureFunctionOfItsInputs() {
        assertThat(DesiredState.compute(intent, ObservedState.NONE))
                .isEqualTo(DesiredState.compute(intent, ObservedState.NONE));
    }

    private static ObservedState reported(VtepId vtep, String tunnelIp) {
        return ObservedState.NONE.with(new VtepObservation(vtep, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse(tunnelIp)), List.of(), List.of()));
    }
}

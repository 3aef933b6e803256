package org.vtepmanager.ovsdb.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HypervisorSpecTest {

    private static final Predicate<String> HOLDS_NO_PORT = vtep -> false;

    private static HypervisorSpec spec(Map<String, Optional<String>> tunnels) {
        return spec(Optional.of("tcp:192.0.2.1:6653"), tunnels);
    }

    private static HypervisorSpec spec(Optional<String> controller, Map<String, Optional<String>> tunnels) {
        return spec(controller, "10.0.0.1", tunnels);
    }

    private static HypervisorSpec spec(Optional<String> controller, String localIp,
            Map<String, Optional<String>> tunnels) {
        return new HypervisorSpec("br-int", "netdev", controller, Optional.of(localIp), new TreeMap<>(tunnels),
                Map.of(), HypervisorSpec.VXLAN_PORT);
    }

    @Test
    void aMemberWithoutAnIpComingOrGoingChangesOnlyABridgeHoldingItsPorts() {
        HypervisorSpec before = spec(Map.of("hv2", Optional.of("10.0.0.2")));
        HypervisorSpec after = spec(Map.of("hv2", Optional.of("10.0.0.2"), "hv3", Optional.empty()));

        assertThat(before.plansAlike(after, HOLDS_NO_PORT)).isTrue();
        assertThat(after.plansAlike(before, HOLDS_NO_PORT)).isTrue();
        assertThat(before.plansAlike(after, Set.of("hv3")::contains)).isFalse();
        assertThat(after.plansAlike(before, Set.of("hv3")::contains)).isFalse();
        assertThat(before.plansAlike(after, Set.of("hv2")::contains)).as("a port of a member unchanged").isTrue();
    }

    @Test
    void aMemberGainingLosingOrChangingItsIpChangesThePlan() {
        HypervisorSpec unknown = spec(Map.of("hv2", Optional.empty()));
        HypervisorSpec known = spec(Map.of("hv2", Optional.of("10.0.0.2")));
        HypervisorSpec renumbered = spec(Map.of("hv2", Optional.of("10.0.0.9")));

        assertThat(unknown.plansAlike(known, HOLDS_NO_PORT)).isFalse();
        assertThat(known.plansAlike(unknown, HOLDS_NO_PORT)).isFalse();
        assertThat(known.plansAlike(renumbered, HOLDS_NO_PORT)).isFalse();
        assertThat(known.plansAlike(spec(Map.of()), HOLDS_NO_PORT)).as("an addressed member leaving").isFalse();
    }

    @Test
    void theSameTunnelsWithAnotherControllerChangeThePlan() {
        Map<String, Optional<String>> tunnels = Map.of("hv2", Optional.of("10.0.0.2"));

        assertThat(spec(tunnels).plansAlike(spec(tunnels), HOLDS_NO_PORT)).isTrue();
        assertThat(spec(tunnels).plansAlike(spec(Optional.empty(), tunnels), HOLDS_NO_PORT)).isFalse();
    }

    @Test
    void theSameTunnelsFromAnotherSourceAddressChangeThePlan() {
        Map<String, Optional<String>> tunnels = Map.of("hv2", Optional.of("10.0.0.2"));
        Optional<String> controller = Optional.of("tcp:192.0.2.1:6653");

        assertThat(spec(controller, "10.0.0.1", tunnels).plansAlike(spec(controller, "10.0.0.11", tunnels),
                HOLDS_NO_PORT)).isFalse();
    }
}

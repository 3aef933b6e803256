package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;

/**
 * A tunnel IP configured for a ToR wins over the one it reports, as for a hypervisor: one the ToR does not list
 * sends every other VTEP's tunnels where the ToR may not be, and its VTEP says so. One it lists, even not first,
 * is not wrong.
 */
class ConfiguredTorTunnelIpTest extends DialInSouthboundTest {

    private static final VtepId TOR = VtepId.derivedFrom("br0");

    @Test
    void aConfiguredTunnelIpTheTorDoesNotListIsAProblemAndOneItListsIsNot() {
        RealOvsdbServer server = track(RealOvsdbServer.hardwareVtep("192.0.2.11,192.0.2.12"));
        server.addRemote(listener);
        assertThatEventually(CONVERGE, () -> view(TOR), v -> assertThat(v).hasValueSatisfying(tor ->
                assertThat(tor.tunnelIp()).contains(TunnelIp.parse("192.0.2.11"))));

        configure("192.0.2.99");

        assertThatEventually(CONVERGE, () -> view(TOR), v -> assertThat(v).hasValueSatisfying(tor ->
                assertThat(tor.problems()).contains("tunnel IP 192.0.2.99 is configured for this VTEP, but the "
                        + "switch lists only 192.0.2.11, 192.0.2.12 (Physical_Switch tunnel_ips): other VTEPs "
                        + "tunnel to 192.0.2.99; clear the configured one if it is a mistake")));

        configure("192.0.2.12");

        assertThatEventually(CONVERGE, () -> view(TOR), v -> assertThat(v).hasValueSatisfying(tor -> {
            assertThat(tor.problems()).isEmpty();
            assertThat(tor.tunnelIp()).contains(TunnelIp.parse("192.0.2.12"));
        }));
    }

    private void configure(String tunnelIp) {
        Versioned<Vtep> tor = southbound.store.current().vteps().get(TOR);
        Vtep vtep = tor.value();
        southbound.store.apply(new IntentChange.UpdateVtep(new Vtep(vtep.id(), vtep.kind(), vtep.ovsdbTarget(),
                Optional.of(TunnelIp.parse(tunnelIp))), tor.version()));
    }
}

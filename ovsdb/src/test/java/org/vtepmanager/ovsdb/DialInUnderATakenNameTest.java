package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;

/**
 * A switch that dials in under the name of a VTEP of the other kind (a hypervisor whose system-id is a ToR's
 * Physical_Switch name) is not that VTEP: reporting it there would flip the ToR's tunnel IP and ports with every
 * report of either switch.
 */
class DialInUnderATakenNameTest extends DialInSouthboundTest {

    @Test
    void aHypervisorThatDialsInUnderATorsNameIsNotManagedAsThatTor() {
        RealOvsdbServer tor = track(RealOvsdbServer.hardwareVtep("192.0.2.10"));
        tor.addRemote(listener);
        VtepId br0 = VtepId.derivedFrom("br0");
        assertThatEventually(CONVERGE, () -> view(br0), v -> assertThat(v).hasValueSatisfying(
                vtep -> assertThat(vtep.tunnelIp()).contains(TunnelIp.parse("192.0.2.10"))));

        RealOvsdbServer hypervisor = dialIn("br0", "192.0.2.1");
        assertThatEventually(CONVERGE, hypervisor::log, log -> assertThat(log).contains(listener + ": connected"));

        assertThatThroughout(SETTLE, () -> view(br0), v -> assertThat(v).hasValueSatisfying(vtep -> {
            assertThat(vtep.vtep().kind()).isEqualTo(VtepKind.HARDWARE_VTEP);
            assertThat(vtep.tunnelIp()).contains(TunnelIp.parse("192.0.2.10"));
        }));
        assertThat(southbound.store.current().vteps().keySet()).containsExactly(br0);
        assertThat(southbound.topology.tunnelMesh().members()).containsExactly(
                Map.entry(br0, Optional.of(TunnelIp.parse("192.0.2.10"))));
    }
}

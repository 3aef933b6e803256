package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.topology.ConnectionState;

/**
 * A VTEP deleted while its switch, which dials the manager, stays connected is registered again, as when that switch
 * first dialled in, and managed as before: left belonging to a deleted VTEP, its reports would count nowhere and its
 * tunnel ports would stay as they were, out of sight.
 */
class DeletedWhileDiallingInTest extends DialInSouthboundTest {

    @Override
    void registerBeforeStart() {
        southbound.registerHypervisor("hv2", "192.0.2.2");
    }

    @Test
    void aHypervisorWhoseVtepIsDeletedIsRegisteredAgainAndGetsThePortsOfNewMembers() {
        RealOvsdbServer hypervisor = dialIn("hv1", "192.0.2.1");
        VtepId hv1 = VtepId.of("hv1");
        assertThatEventually(CONVERGE, () -> tunnelPorts(hypervisor), ports -> assertThat(ports)
                .containsExactly("vxc0000202"));

        southbound.store.apply(new IntentChange.DeleteVtep(hv1));

        assertThatEventually(CONVERGE, () -> view(hv1), v -> assertThat(v).hasValueSatisfying(vtep -> {
            assertThat(vtep.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(vtep.tunnelIp()).contains(TunnelIp.parse("192.0.2.1"));
        }));
        southbound.registerHypervisor("hv3", "192.0.2.3");
        assertThatEventually(CONVERGE, () -> tunnelPorts(hypervisor), ports -> assertThat(ports)
                .containsExactly("vxc0000202", "vxc0000203"));
    }

    @Test
    void aTorWhoseVtepIsDeletedIsRegisteredAgain() {
        RealOvsdbServer tor = track(RealOvsdbServer.hardwareVtep("192.0.2.10"));
        tor.addRemote(listener);
        VtepId br0 = VtepId.derivedFrom("br0");
        assertThatEventually(CONVERGE, () -> view(br0), v -> assertThat(v).isPresent());

        southbound.store.apply(new IntentChange.DeleteVtep(br0));

        assertThatEventually(CONVERGE, () -> view(br0), v -> assertThat(v).hasValueSatisfying(vtep -> {
            assertThat(vtep.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(vtep.tunnelIp()).contains(TunnelIp.parse("192.0.2.10"));
        }));
    }

    private static List<String> tunnelPorts(RealOvsdbServer server) {
        return server.vsctl("--no-wait", "list-ports", "br-int").lines().filter(port -> port.startsWith("vx")).toList();
    }
}

package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/**
 * A real switch that reports a loopback tunnel IP (a lab copied to a real host, a typo) takes no part in the mesh:
 * no peer could reach it there. Its VTEP says why, and no tunnel is built to or from it.
 */
class UnusableTunnelIpTest extends DialInSouthboundTest {

    @Override
    void registerBeforeStart() {
        southbound.registerHypervisor("hv-peer", "192.0.2.2");
    }

    @Test
    void aHypervisorWithALoopbackLocalIpIsToldWhyAndGetsNoTunnels() {
        RealOvsdbServer server = dialIn("hv-loop", "127.0.0.1");

        assertThatEventually(CONVERGE, () -> view(VtepId.derivedFrom("hv-loop")),
                v -> assertThat(v).hasValueSatisfying(hv -> {
            assertThat(hv.problems()).contains("Open_vSwitch other_config:local_ip: 127.0.0.1 is a loopback address, "
                    + "which no other VTEP can reach; this hypervisor gets no tunnels");
            assertThat(hv.tunnelIp()).isEmpty();
        }));
        assertThatEventually(CONVERGE, () -> server.vsctl("--no-wait", "list-br"),
                bridges -> assertThat(bridges).contains("br-int"));
        assertThat(server.vsctl("--no-wait", "list-ports", "br-int").strip()).as("no tunnel to hv-peer").isEmpty();
        assertThat(southbound.topology.desiredState().meshMembers()).containsEntry(VtepId.derivedFrom("hv-loop"),
                Optional.empty());
    }

    @Test
    void aTorWithALoopbackTunnelIpIsToldWhy() {
        RealOvsdbServer server = track(RealOvsdbServer.hardwareVtep("127.0.0.1"));
        server.addRemote(listener);

        assertThatEventually(CONVERGE, () -> view(VtepId.derivedFrom("br0")),
                v -> assertThat(v).hasValueSatisfying(tor -> {
            assertThat(tor.problems()).contains("Physical_Switch tunnel_ips: 127.0.0.1 is a loopback address, "
                    + "which no other VTEP can reach; no other VTEP can send to this hardware VTEP");
            assertThat(tor.tunnelIp()).isEmpty();
        }));
    }

    @Test
    void aTorListingALoopbackBeforeAUsableTunnelIpUsesTheUsableOne() {
        RealOvsdbServer server = track(RealOvsdbServer.hardwareVtep("127.0.0.1,192.0.2.9"));
        server.addRemote(listener);

        assertThatEventually(CONVERGE, () -> view(VtepId.derivedFrom("br0")),
                v -> assertThat(v).hasValueSatisfying(tor -> {
            assertThat(tor.tunnelIp()).contains(TunnelIp.parse("192.0.2.9"));
            assertThat(tor.problems()).isEmpty();
        }));
    }
}

package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/**
 * Two VTEPs that claim one tunnel IP (a local_ip copied from another host) cannot both be reached there. The
 * mesh keeps one port per IP, so every other hypervisor still converges; the VTEP whose claim loses is told why.
 */
class SharedTunnelIpTest extends DialInSouthboundTest {

    @Test
    void aLiveSwitchReportingAnIpRegisteredForAnotherVtepKeepsItAndTheMeshStillConverges() {
        southbound.registerHypervisor("hv-a", "192.0.2.5");
        dialIn("hv-b", "192.0.2.5");
        assertThatEventually(CONVERGE, () -> view(VtepId.derivedFrom("hv-a")),
                v -> assertThat(v).hasValueSatisfying(hvA -> {
            assertThat(hvA.tunnelIp()).isEmpty();
            assertThat(hvA.problems()).contains("tunnel IP 192.0.2.5 is also " + VtepId.derivedFrom("hv-b")
                    + "'s (connected there): this VTEP is left out of the mesh until one of them changes");
        }));

        RealOvsdbServer hvC = dialIn("hv-c", "192.0.2.3");

        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvC),
                remotes -> assertThat(remotes).as("one port, for hv-b").containsExactly("192.0.2.5"));
        assertThatEventually(CONVERGE, () -> view(VtepId.derivedFrom("hv-c")), v -> assertThat(v).hasValueSatisfying(
                hv -> assertThat(hv.problems()).isEmpty()));
        assertThat(southbound.topology.desiredState().meshMembers())
                .containsEntry(VtepId.derivedFrom("hv-b"), Optional.of(TunnelIp.parse("192.0.2.5")))
                .containsEntry(VtepId.of("hv-a"), Optional.empty());
    }

    private RealOvsdbServer dialIn(String systemId, String localIp) {
        RealOvsdbServer server = track(RealOvsdbServer.vswitch());
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "external_ids:system-id=" + systemId,
                "other_config:local_ip=" + localIp);
        server.addRemote(listener);
        return server;
    }

    /** The remote_ip of every vxlan interface on the server, as ovs-vsctl prints it. */
    private static List<String> tunnelRemotes(RealOvsdbServer server) {
        return server.vsctl("--no-wait", "--bare", "--columns=options", "find", "Interface", "type=vxlan").lines()
                .filter(line -> !line.isBlank()).map(line -> line.replaceAll(".*remote_ip=\"?([^,}\"]*).*", "$1"))
                .toList();
    }
}

package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.topology.VtepView;

/**
 * The BFD session ovs-vswitchd runs on a hypervisor's tunnel port (here the test plays ovs-vswitchd and writes
 * the Interface's bfd_status) labels the topology's tunnel from that hypervisor to the port's remote, and one that
 * says the tunnel does not forward is a problem of the hypervisor's VTEP, naming the port and its remote.
 */
class HypervisorTunnelBfdTest extends DialInSouthboundTest {

    private static final String A_IP = "192.0.2.1";
    private static final String B_IP = "192.0.2.2";

    @Test
    void aTunnelPortsBfdStatusLabelsItsTunnelAndOneThatDoesNotForwardIsAProblemUntilItDoes() {
        RealOvsdbServer hvA = dialIn("hv-a", A_IP);
        dialIn("hv-b", B_IP);
        assertThatEventually(CONVERGE, () -> tunnelPortTo(hvA, B_IP), port -> assertThat(port).isNotEmpty());
        String toB = tunnelPortTo(hvA, B_IP);
        assertThat(bfd("hv-a", "hv-b")).as("no BFD running, no state").isEmpty();

        hvA.vsctl("--no-wait", "set", "Interface", toB, "bfd_status:state=up", "bfd_status:forwarding=true");
        assertThatEventually(CONVERGE, () -> bfd("hv-a", "hv-b"), bfd -> assertThat(bfd).contains("up"));
        assertThat(bfd("hv-b", "hv-a")).as("hv-b reports no BFD").isEmpty();
        assertThat(problems("hv-a")).isEmpty();

        hvA.vsctl("--no-wait", "set", "Interface", toB, "bfd_status:state=down", "bfd_status:forwarding=false",
                "bfd_status:diagnostic=\"Control Detection Time Expired\"");
        assertThatEventually(CONVERGE, () -> bfd("hv-a", "hv-b"), bfd -> assertThat(bfd).contains("down"));
        assertThatEventually(CONVERGE, () -> problems("hv-a"), problems -> assertThat(problems).containsExactly(
                "tunnel Interface " + toB + " to " + B_IP + " (" + VtepId.derivedFrom("hv-b") + "): bfd_status "
                        + "forwarding=false (diagnostic 'Control Detection Time Expired')"));

        hvA.vsctl("--no-wait", "set", "Interface", toB, "bfd_status:state=up", "bfd_status:forwarding=true");
        assertThatEventually(CONVERGE, () -> problems("hv-a"), problems -> assertThat(problems).isEmpty());
        assertThatEventually(CONVERGE, () -> bfd("hv-a", "hv-b"), bfd -> assertThat(bfd).contains("up"));

        hvA.kill();
        assertThatEventually(CONVERGE, () -> bfd("hv-a", "hv-b"), bfd -> assertThat(bfd)
                .as("a hypervisor without a session says nothing").isEmpty());
    }

    /** The name of {@code server}'s vxlan port to {@code remoteIp}, "" until there is one. */
    private static String tunnelPortTo(RealOvsdbServer server, String remoteIp) {
        return server.vsctl("--no-wait", "--bare", "--columns=name", "find", "Interface", "type=vxlan",
                "options:remote_ip=" + remoteIp).strip();
    }

    private Optional<String> bfd(String from, String to) {
        return southbound.tunnelBfd(VtepId.derivedFrom(from), VtepId.derivedFrom(to));
    }

    private List<String> problems(String systemId) {
        return view(VtepId.derivedFrom(systemId)).map(VtepView::problems).orElseThrow();
    }
}

package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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

    @Test
    void aSwitchThatDialsInWithTheTunnelIpOfAConfiguredVtepGetsNoTunnelPortUntilItTakesAnIpOfItsOwn() {
        southbound.registerHypervisor("hv-b", "192.0.2.5");
        RealOvsdbServer hvB = dialIn("hv-b", "192.0.2.5");
        RealOvsdbServer hvC = dialIn("hv-c", "192.0.2.3");
        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvC), r -> assertThat(r).containsExactly("192.0.2.5"));

        RealOvsdbServer copy = dialIn("hv-x", "192.0.2.5");
        List<List<String>> portsSeen = new ArrayList<>();
        assertThatEventually(CONVERGE, () -> {
            portsSeen.add(tunnelRemotes(copy));
            return view(VtepId.derivedFrom("hv-x"));
        }, v -> assertThat(v).hasValueSatisfying(hvX -> assertThat(hvX.problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("tunnel IP 192.0.2.5 is also hv-b's"))));
        assertThatEventually(CONVERGE, () -> copy.vsctl("--no-wait", "list-br"),
                bridges -> assertThat(bridges).as("its plan ran").contains("br-int"));
        portsSeen.add(tunnelRemotes(copy));
        assertThat(portsSeen).as("the copy's tunnel ports, from its dial-in on")
                .allSatisfy(r -> assertThat(r).isEmpty());
        assertThat(tunnelRemotes(hvB)).containsExactly("192.0.2.3");
        assertThat(tunnelRemotes(hvC)).containsExactly("192.0.2.5");

        copy.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:local_ip=192.0.2.7");
        assertThatEventually(CONVERGE, () -> tunnelRemotes(copy),
                r -> assertThat(r).containsExactlyInAnyOrder("192.0.2.5", "192.0.2.3"));
        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvC),
                r -> assertThat(r).containsExactlyInAnyOrder("192.0.2.5", "192.0.2.7"));
    }

    /**
     * A copy that changes while it waits to be registered is observed again before its VTEP exists. That report is
     * not kept, and the copy must not take it as a judgement that its tunnel IP is its own.
     */
    @Test
    void aCopyObservedAgainWhileItIsBeingRegisteredGetsNoTunnelPort() {
        southbound.registerHypervisor("hv-b", "192.0.2.5");
        dialIn("hv-b", "192.0.2.5");
        RealOvsdbServer hvC = dialIn("hv-c", "192.0.2.3");
        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvC), r -> assertThat(r).containsExactly("192.0.2.5"));
        CountDownLatch registrations = southbound.holdStoreWriter();

        RealOvsdbServer copy = dialIn("hv-x", "192.0.2.5");
        assertThatEventually(CONVERGE, () -> copy.vsctl("--no-wait", "list-br"),
                bridges -> assertThat(bridges).as("its first plan ran").contains("br-int"));
        copy.vsctl("--no-wait", "set", "Open_vSwitch", ".", "external_ids:rack=r7");

        assertThatThroughout(SETTLE, () -> tunnelRemotes(copy), r -> assertThat(r).as("while being registered")
                .isEmpty());
        registrations.countDown();
        assertThatEventually(CONVERGE, () -> view(VtepId.derivedFrom("hv-x")), v -> assertThat(v)
                .hasValueSatisfying(hvX -> assertThat(hvX.problems())
                        .anySatisfy(problem -> assertThat(problem).startsWith("tunnel IP 192.0.2.5 is also hv-b's"))));
        assertThatThroughout(SETTLE, () -> tunnelRemotes(copy), r -> assertThat(r).as("once left out").isEmpty());
    }

    @Test
    void aHypervisorLeftOutOfTheMeshLosesTheTunnelPortsItHadAndOnlyThose() {
        RealOvsdbServer hvX = dialIn("hv-x", "192.0.2.5");
        RealOvsdbServer hvC = dialIn("hv-c", "192.0.2.3");
        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvX), r -> assertThat(r).containsExactly("192.0.2.3"));
        hvX.vsctl("--no-wait", "add-port", "br-int", "foreign0", "--", "set", "Interface", "foreign0", "type=vxlan",
                "options:remote_ip=10.9.9.9");

        southbound.registerHypervisor("hv-b", "192.0.2.5");
        RealOvsdbServer hvB = dialIn("hv-b", "192.0.2.5");

        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvX),
                r -> assertThat(r).as("hv-x's tunnel ports: only the operator's").containsExactly("10.9.9.9"));
        assertThatEventually(CONVERGE, () -> tunnelRemotes(hvB), r -> assertThat(r).containsExactly("192.0.2.3"));
        assertThat(tunnelRemotes(hvC)).as("one port for 192.0.2.5, now hv-b's").containsExactly("192.0.2.5");
    }

    /** The remote_ip of every vxlan interface on the server, as ovs-vsctl prints it. */
    private static List<String> tunnelRemotes(RealOvsdbServer server) {
        return server.vsctl("--no-wait", "--bare", "--columns=options", "find", "Interface", "type=vxlan").lines()
                .filter(line -> !line.isBlank()).map(line -> line.replaceAll(".*remote_ip=\"?([^,}\"]*).*", "$1"))
                .toList();
    }
}

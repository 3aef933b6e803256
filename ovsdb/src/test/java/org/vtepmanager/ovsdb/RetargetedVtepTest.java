package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.VtepView;

/**
 * A VTEP whose OVSDB target an operator changes (a mistyped address, a host's new management address) keeps its
 * bindings: the manager leaves the old switch and builds the VTEP on the new one, on real ovsdb-servers.
 */
class RetargetedVtepTest extends DialInSouthboundTest {

    private static final VtepId HV1 = VtepId.of("hv1");
    /** The port towards hv-peer (192.0.2.2) that every mesh member holds. */
    private static final String TO_PEER = "vxc0000202";

    @Override
    void registerBeforeStart() {
        southbound.registerHypervisor("hv-peer", "192.0.2.2");
    }

    @Test
    void aVtepGivenANewTargetLeavesTheOldSwitchAndIsBuiltOnTheNewOneWithItsBindings() {
        RealOvsdbServer old = hypervisor("192.0.2.21");
        RealOvsdbServer replacement = hypervisor("192.0.2.22");
        registerBound(old);

        retarget(replacement);

        assertThatEventually(CONVERGE, () -> view(HV1), v -> assertThat(v).hasValueSatisfying(hv -> {
            assertThat(hv.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(hv.tunnelIp()).contains(TunnelIp.parse("192.0.2.22"));
        }));
        assertThatEventually(CONVERGE, () -> replacement.vsctl("--no-wait", "list-ports", "br-int"),
                ports -> assertThat(ports).contains(TO_PEER));
        assertThatEventually(CONVERGE, old::sessions, sessions -> assertThat(sessions).isZero());
        assertThat(southbound.store.current().bindingsOn(HV1)).hasSize(1);
    }

    /** The usual case: the same host, reached at a new management address. Nothing on it is written twice. */
    @Test
    void aVtepRetargetedToTheSameSwitchByAnotherAddressIsManagedThereWithItsPortsUnchanged() {
        int port = RealPorts.free();
        RealOvsdbServer server = track(RealOvsdbServer.start(List.of("vswitch"), "ptcp:" + port + ":127.0.0.1"));
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:local_ip=192.0.2.21");
        registerBound(server);
        String rows = server.vsctl("--no-wait", "--columns=_uuid", "list", "Port");

        southbound.store.apply(new IntentChange.UpdateVtep(new Vtep(HV1, VtepKind.HYPERVISOR,
                Optional.of(OvsdbAddress.parse("tcp:127.0.0.1:" + port)), Optional.empty()), IntentChange.ANY_VERSION));

        assertThatEventually(CONVERGE, () -> view(HV1), v -> assertThat(v).hasValueSatisfying(hv -> {
            assertThat(hv.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(hv.problems()).as("its bound port alone, which no VM made").singleElement().asString()
                    .startsWith("port vm1 ");
        }));
        assertThatEventually(CONVERGE, server::sessions, sessions -> assertThat(sessions).isEqualTo(1));
        assertThatThroughout(SETTLE, () -> server.vsctl("--no-wait", "--columns=_uuid", "list", "Port"),
                now -> assertThat(now).as("the same rows").isEqualTo(rows));
    }

    @Test
    void aVtepRetargetedToASwitchThatDoesNotAnswerIsShownDisconnectedNotWithTheOldSwitchsPorts() {
        RealOvsdbServer old = hypervisor("192.0.2.21");
        RealOvsdbServer hung = hypervisor("192.0.2.23");
        registerBound(old);
        hung.freeze();
        try {
            retarget(hung);

            VtepView hv1 = view(HV1).orElseThrow();
            assertThat(hv1.state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThat(hv1.ports()).as("the old switch's").isEmpty();
            assertThat(hv1.problems()).containsExactly("its OVSDB target changed to " + hung.unixTarget()
                    + ": not connected yet");
            assertThat(hv1.tunnelIp()).as("kept, as for any session that ends, until the new switch reports one")
                    .contains(TunnelIp.parse("192.0.2.21"));
        } finally {
            hung.thaw();
        }
    }

    @Test
    void aTorGivenANewTargetIsDisconnectedUntilTheNewSwitchAnswersAndIsThenBuiltThere() {
        RealOvsdbServer old = track(RealOvsdbServer.hardwareVtep("192.0.2.31", "p1"));
        RealOvsdbServer replacement = track(RealOvsdbServer.hardwareVtep("192.0.2.32", "p1"));
        southbound.registerTor("tor1", old.unixTarget());
        createNetwork();
        southbound.bind("tor1", "p1", 100, 5000);
        assertThatEventually(CONVERGE, () -> old.vtepctl("list-ls"),
                switches -> assertThat(switches).contains("vtep-manager-5000"));

        replacement.freeze();
        southbound.store.apply(new IntentChange.UpdateVtep(new Vtep(VtepId.of("tor1"), VtepKind.HARDWARE_VTEP,
                Optional.of(OvsdbAddress.parse(replacement.unixTarget().toString())), Optional.empty()),
                IntentChange.ANY_VERSION));

        VtepView answering = view(VtepId.of("tor1")).orElseThrow();
        assertThat(answering.state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(answering.problems()).containsExactly("its OVSDB target changed to " + replacement.unixTarget()
                + ": not connected yet");
        replacement.thaw();
        assertThatEventually(CONVERGE, () -> replacement.vtepctl("list-ls"),
                switches -> assertThat(switches).contains("vtep-manager-5000"));
        assertThatEventually(CONVERGE, () -> view(VtepId.of("tor1")), v -> assertThat(v).hasValueSatisfying(
                tor -> assertThat(tor.tunnelIp()).contains(TunnelIp.parse("192.0.2.32"))));
    }

    /** A hypervisor's ovsdb-server with tunnel IP {@code localIp}, which the manager is to dial; tracked. */
    private RealOvsdbServer hypervisor(String localIp) {
        RealOvsdbServer server = track(RealOvsdbServer.vswitch());
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:local_ip=" + localIp);
        return server;
    }

    /** Registers hv1 at {@code server}, binds a port of it, and waits until its mesh port is built there. */
    private void registerBound(RealOvsdbServer server) {
        southbound.store.apply(new IntentChange.RegisterVtep(new Vtep(HV1, VtepKind.HYPERVISOR,
                Optional.of(OvsdbAddress.parse(server.unixTarget().toString())), Optional.empty())));
        createNetwork();
        southbound.bind("hv1", "vm1", 0, 5000);
        assertThatEventually(CONVERGE, () -> server.vsctl("--no-wait", "list-ports", "br-int"),
                ports -> assertThat(ports).contains(TO_PEER));
        assertThat(view(HV1).orElseThrow().tunnelIp()).isPresent();
    }

    private void createNetwork() {
        southbound.store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(5000), "web", "",
                OptionalInt.empty())));
    }

    private void retarget(RealOvsdbServer server) {
        southbound.store.apply(new IntentChange.UpdateVtep(new Vtep(HV1, VtepKind.HYPERVISOR,
                Optional.of(OvsdbAddress.parse(server.unixTarget().toString())), Optional.empty()),
                IntentChange.ANY_VERSION));
    }
}

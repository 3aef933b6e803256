package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;

/**
 * One real switch database reached through two sessions, one the manager dials and one the switch opens
 * ({@code set-manager}), for a ToR and for a hypervisor, in either order: whichever session shows the database
 * first manages it, the other writes nothing (a dial-in twin registers no VTEP; a dialled twin's VTEP says why)
 * and takes over when the first one ends.
 */
class OneSwitchTwoSessionsTest extends DialInSouthboundTest {

    private static final VtepId DIALLED = VtepId.of("dialled");
    private static final VtepId TOR_DIALLED_IN = VtepId.derivedFrom("br0");
    private static final VtepId HYPERVISOR_DIALLED_IN = VtepId.derivedFrom("hv-twin");

    private RealOvsdbServer server;
    @Test
    void aDialledTorThatAlsoDialsInIsManagedOnceAndTheDialInRegistersNothing() {
        startTor();
        dialledThenDialIn(VtepKind.HARDWARE_VTEP, TOR_DIALLED_IN);
    }

    @Test
    void aTorThatDialledInFirstIsNotAlsoWrittenThroughALaterDialledSessionUntilItLeaves() {
        startTor();
        dialInThenDialled(VtepKind.HARDWARE_VTEP, TOR_DIALLED_IN, "Physical_Switch br0 is already managed through");
    }

    @Test
    void aDialledHypervisorThatAlsoDialsInIsManagedOnceAndTheDialInRegistersNothing() {
        startHypervisor();
        dialledThenDialIn(VtepKind.HYPERVISOR, HYPERVISOR_DIALLED_IN);
    }

    @Test
    void aHypervisorThatDialledInFirstIsNotAlsoWrittenThroughALaterDialledSessionUntilItLeaves() {
        startHypervisor();
        dialInThenDialled(VtepKind.HYPERVISOR, HYPERVISOR_DIALLED_IN,
                "Open_vSwitch hv-twin is already managed through");
    }

    /**
     * The operator registered the switch under the very id its own dial-in takes, with a target the manager dials;
     * the dial-in won the race (the target came up later). Both sessions then belong to one VTEP: only the managing
     * one may report it, or its state, tunnel IP and problems would flip with every report of either.
     */
    @Test
    void aDialledTwinUnderTheManagingHypervisorsOwnVtepIdReportsNothingForIt() throws Exception {
        startHypervisor();
        dialInThenTwinUnderTheSameId(VtepKind.HYPERVISOR, HYPERVISOR_DIALLED_IN, "192.0.2.1");
    }

    @Test
    void aDialledTwinUnderTheManagingTorsOwnVtepIdReportsNothingForIt() throws Exception {
        startTor();
        dialInThenTwinUnderTheSameId(VtepKind.HARDWARE_VTEP, TOR_DIALLED_IN, "192.0.2.10");
    }

    private void dialInThenTwinUnderTheSameId(VtepKind kind, VtepId id, String tunnelIp) throws Exception {
        Path late = dir.resolve("late.sock");
        southbound.store.apply(new IntentChange.RegisterVtep(new Vtep(id, kind,
                Optional.of(OvsdbAddress.parse("unix:" + late)), Optional.empty())));
        server.addRemote(listener);
        assertThatEventually(CONVERGE, () -> view(id), v -> assertThat(v).hasValueSatisfying(
                vtep -> assertThat(vtep.tunnelIp()).contains(TunnelIp.parse(tunnelIp))));

        Files.createSymbolicLink(late, server.socket());
        assertThatEventually(CONVERGE, server::sessions, sessions -> assertThat(sessions).isEqualTo(2));

        assertThatThroughout(SETTLE, () -> view(id), v -> assertThat(v).hasValueSatisfying(vtep -> {
            assertThat(vtep.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(vtep.tunnelIp()).contains(TunnelIp.parse(tunnelIp));
            assertThat(vtep.problems()).isEmpty();
        }));
    }

    private void startTor() {
        server = track(RealOvsdbServer.hardwareVtep("192.0.2.10"));
    }

    private void startHypervisor() {
        server = track(RealOvsdbServer.vswitch());
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "external_ids:system-id=hv-twin",
                "other_config:local_ip=192.0.2.1");
    }

    private void dialledThenDialIn(VtepKind kind, VtepId dialledInId) {
        registerDialled(kind);
        assertThatEventually(CONVERGE, () -> view(DIALLED), v -> assertThat(v).hasValueSatisfying(
                dialled -> assertThat(dialled.state()).isEqualTo(ConnectionState.CONNECTED)));

        server.addRemote(listener);
        assertThatEventually(CONVERGE, server::log, log -> assertThat(log).contains(listener + ": connected"));

        assertThatThroughout(SETTLE, () -> southbound.store.current().vteps(),
                vteps -> assertThat(vteps).doesNotContainKey(dialledInId));
        assertThat(view(DIALLED)).hasValueSatisfying(dialled -> assertThat(dialled.problems()).isEmpty());
    }

    private void dialInThenDialled(VtepKind kind, VtepId dialledInId, String twinProblem) {
        server.addRemote(listener);
        assertThatEventually(CONVERGE, () -> view(dialledInId), v -> assertThat(v).hasValueSatisfying(
                dialledIn -> assertThat(dialledIn.state()).isEqualTo(ConnectionState.CONNECTED)));

        registerDialled(kind);

        assertThatEventually(CONVERGE, () -> view(DIALLED), v -> assertThat(v).hasValueSatisfying(dialled -> assertThat(
                dialled.problems()).anyMatch(p -> p.contains(twinProblem))));
        assertThat(view(dialledInId)).hasValueSatisfying(dialledIn -> {
            assertThat(dialledIn.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(dialledIn.problems()).isEmpty();
        });

        server.removeRemote(listener);
        assertThatEventually(CONVERGE, () -> view(DIALLED), v -> assertThat(v).hasValueSatisfying(
                dialled -> assertThat(dialled.problems()).as("the dialled session took over").isEmpty()));
    }

    private void registerDialled(VtepKind kind) {
        southbound.store.apply(new IntentChange.RegisterVtep(new Vtep(DIALLED, kind,
                Optional.of(OvsdbAddress.parse(server.unixTarget().toString())), Optional.empty())));
    }
}

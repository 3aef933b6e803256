package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Vtep;

class ProblemLogTest {

    private static final VtepId HV1 = VtepId.of("hv1");
    private static final String NO_LOCAL_IP = "Open_vSwitch other_config:local_ip is not set";
    private static final String LEFT_OUT = "tunnel IP 192.0.2.7 is also hv2's: this VTEP is left out of the mesh";

    private final ProblemLog problems = new ProblemLog();

    @Test
    void aConnectedVtepsProblemIsLoggedOnceWhenItAppearsAndOnceWhenItIsGone() {
        assertThat(problems.update(() -> List.of(hv1(ConnectionState.CONNECTED, NO_LOCAL_IP))))
                .containsExactly(new ProblemLog.Change(HV1, NO_LOCAL_IP, true));
        assertThat(problems.update(() -> List.of(hv1(ConnectionState.CONNECTED, NO_LOCAL_IP)))).isEmpty();

        assertThat(problems.update(() -> List.of(hv1(ConnectionState.CONNECTED, LEFT_OUT)))).containsExactly(
                new ProblemLog.Change(HV1, LEFT_OUT, true), new ProblemLog.Change(HV1, NO_LOCAL_IP, false));
        assertThat(problems.update(() -> List.of(hv1(ConnectionState.CONNECTED))))
                .containsExactly(new ProblemLog.Change(HV1, LEFT_OUT, false));
    }

    @Test
    void aDisconnectedVtepsProblemsAreNotLoggedNorCalledResolvedAndAreNewsAgainOnceItReconnects() {
        assertThat(problems.update(() -> List.of(hv1(ConnectionState.DISCONNECTED, "OVSDB session closed"))))
                .isEmpty();
        problems.update(() -> List.of(hv1(ConnectionState.CONNECTED, NO_LOCAL_IP)));

        assertThat(problems.update(() -> List.of(hv1(ConnectionState.DISCONNECTED, NO_LOCAL_IP)))).isEmpty();
        assertThat(problems.update(() -> List.of(hv1(ConnectionState.CONNECTED, NO_LOCAL_IP))))
                .containsExactly(new ProblemLog.Change(HV1, NO_LOCAL_IP, true));
        assertThat(problems.update(List::of)).as("the VTEP deleted").isEmpty();
        assertThat(problems.update(() -> List.of(hv1(ConnectionState.CONNECTED, NO_LOCAL_IP))))
                .as("registered again").containsExactly(new ProblemLog.Change(HV1, NO_LOCAL_IP, true));
    }

    private static VtepView hv1(ConnectionState state, String... problems) {
        return new VtepView(new Vtep(HV1, VtepKind.HYPERVISOR, Optional.empty(), Optional.empty()), state,
                Optional.empty(), OptionalLong.empty(), List.of(), List.of(problems), List.of(), Optional.empty());
    }
}

package org.vtepmanager.ofcontroller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.core.topology.VtepView;
import org.vtepmanager.ofcontroller.Await;
import org.vtepmanager.ofcontroller.RealOvs;

/**
 * A real Open vSwitch whose ovs-vswitchd hangs (SIGSTOP): its database would still say its bridge is connected, so
 * the manager's own side must say that it lost the session.
 */
class MissingSessionOvsTest extends SouthboundOvsTest {

    private static final VtepId HERE = VtepId.of("hv1");
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(45);

    @Test
    void aHypervisorWhoseSwitchDaemonHangsHasAProblemNamingItsDatapathUntilItsSessionComesBack() {
        manager = new SouthboundHarness(dir, Duration.ofSeconds(1), Duration.ofMillis(500),
                OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD, GRACE);
        manager.store.apply(new IntentChange.RegisterVtep(new Vtep(HERE, VtepKind.HYPERVISOR, Optional.empty(),
                Optional.empty())));
        ovs = RealOvs.start();
        ovs.addBridge("br0", manager.openFlowPort, "p1");
        manager.topology.reportVtep(new VtepObservation(HERE, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.1")), OptionalLong.of(ovs.dpid("br0").getLong()), List.of(),
                List.of()));
        Await.until(WAIT, "the switch matched to hv1 and its tables counted", () -> !here().flowTables().isEmpty());

        ovs.freezeSwitch();

        Await.until(WAIT, "hv1's problem", () -> !here().problems().isEmpty());
        assertThat(here().problems()).singleElement().asString().startsWith("the manager has held no OpenFlow "
                + "session from this hypervisor's integration bridge (datapath " + ovs.dpid("br0") + ") for more "
                + "than 2 s, while ovs-vswitchd last reported it connected");

        ovs.thawSwitch();

        Await.until(WAIT, "hv1 without problems", () -> here().problems().isEmpty());
    }

    private VtepView here() {
        return manager.topology.vteps().stream().filter(view -> view.vtep().id().equals(HERE)).findFirst()
                .orElseThrow();
    }
}

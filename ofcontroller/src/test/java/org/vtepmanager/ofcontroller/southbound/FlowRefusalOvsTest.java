package org.vtepmanager.ofcontroller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.TunnelPortName;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ofcontroller.Await;
import org.vtepmanager.ofcontroller.RealOvs;

/** A real Open vSwitch whose destination table takes no more flows: its refusal is a problem of its VTEP. */
class FlowRefusalOvsTest extends SouthboundOvsTest {

    private static final VtepId HERE = VtepId.of("hv1");
    private static final VtepId THERE = VtepId.of("hv2");
    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress THERE_MAC = MacAddress.parse("02:00:00:00:00:2b");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void flowsTheSwitchRefusesAreAProblemOfItsVtepUntilItTakesThem() {
        startManagerWithProgrammedSwitch();
        long held = ovs.ofctl("dump-flows", "br0").lines().filter(flow -> flow.contains("table=2")).count();
        ovs.vsctl("--", "--id=@full", "create", "Flow_Table", "flow_limit=" + held, "overflow_policy=refuse", "--",
                "set", "Bridge", "br0", "flow_tables:2=@full");

        manager.macs.learn(VNI, THERE_MAC, new MacLocation.Remote(THERE), MacSource.LEARNED);

        Await.until(WAIT, "hv1's problem", () -> !problemsOfHere().isEmpty());
        assertThat(problemsOfHere()).singleElement().asString().startsWith("switch " + ovs.dpid("br0")
                + " refused flows of the manager's (FLOW_MOD_FAILED TABLE_FULL)");

        ovs.vsctl("clear", "Bridge", "br0", "flow_tables");
        Await.until(WAIT, "the entry towards the MAC", () -> ovs.ofctl("dump-flows", "br0")
                .contains("dl_dst=" + THERE_MAC));
        Await.until(WAIT, "hv1 without problems", () -> problemsOfHere().isEmpty());
    }

    /** hv1's switch on br0 holds the pipeline for network 5000 on p1, with a tunnel to hv2. */
    private void startManagerWithProgrammedSwitch() {
        manager = new SouthboundHarness(dir, Duration.ofMinutes(5));
        manager.store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(VNI, "net", "", OptionalInt.empty())));
        manager.store.apply(new IntentChange.RegisterVtep(new Vtep(HERE, VtepKind.HYPERVISOR, Optional.empty(),
                Optional.of(TunnelIp.parse("192.0.2.1")))));
        manager.store.apply(new IntentChange.RegisterVtep(new Vtep(THERE, VtepKind.HYPERVISOR, Optional.empty(),
                Optional.of(TunnelIp.parse("192.0.2.2")))));
        manager.store.apply(new IntentChange.CreateBinding(new VlanBinding(
                new PortVlan(HERE, PortName.of("p1"), VlanId.UNTAGGED), VNI)));
        ovs = RealOvs.start();
        ovs.addBridge("br0", manager.openFlowPort, "p1");
        ovs.addTunnelPort("br0", TunnelPortName.of("192.0.2.2"), "192.0.2.2", 10);
        manager.topology.reportVtep(new VtepObservation(THERE, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.2")), OptionalLong.empty(), List.of(), List.of()));
        manager.topology.reportVtep(new VtepObservation(HERE, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.1")), OptionalLong.of(ovs.dpid("br0").getLong()),
                List.of(SwitchPort.plain("p1", 1)), List.of()));
        Await.until(WAIT, "the switch holds our flows", () -> ovs.ofctl("dump-flows", "br0").lines()
                .anyMatch(flow -> flow.contains("table=0") && flow.contains("in_port=")));
    }

    private List<String> problemsOfHere() {
        return manager.topology.vteps().stream().filter(view -> view.vtep().id().equals(HERE)).findFirst()
                .orElseThrow().problems();
    }
}

package org.vtepmanager.ofcontroller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
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
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ofcontroller.Await;
import org.vtepmanager.ofcontroller.LogCapture;
import org.vtepmanager.ofcontroller.RealOvs;

/**
 * A source the MAC tables refuse, on a real Open vSwitch: its frames pass on, and it costs a packet-in per hold,
 * not per frame; nothing that reads or counts the switch takes a hold for a change made by hand.
 */
class LearnHoldOvsTest extends SouthboundOvsTest {

    private static final VtepId HERE = VtepId.of("hv1");
    private static final VtepId ELSEWHERE = VtepId.of("hv2");
    private static final Vni VNI = Vni.of(5000);
    private static final int HOLD_SECONDS = 2;
    /** Longer than any wait: a hold that ends while the test waits would hide what the test is about. */
    private static final int LONG_HOLD_SECONDS = 120;
    private static final Duration FAST_POLL = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FIRST = "02:00:00:00:00:01";
    private static final String PORT_HOLD = "priority=20,";
    /** Owner 0x7674, reason SOURCE_HELD (13), the transient bit, VNI 5000. */
    private static final String HELD_COOKIE = "cookie=0x76740d0100001388";
    private static final String KNOWN_COOKIE = "cookie=0x7674050000001388";

    private final LogCapture logs = new LogCapture();

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    @Test
    void newSourcesOfAPortAtItsMacLimitPassOnUnaskedUntilTheHoldEndsAndNothingIsRepaired() {
        List<TopologyEvent> repairs = start(new MacTableConfig(Duration.ofSeconds(300), 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1, 1 << 20));
        receive(FIRST, 1);
        Await.until(WAIT, "the first MAC learned", () -> learned(FIRST));

        receive("02:00:00:00:00:02", 1);
        Await.until(WAIT, "the port held", () -> flowsWith(PORT_HOLD).size() == 1);
        long asked = manager.packetIns();
        receive("02:00:00:00:00:02", 40);
        receive("02:00:00:00:00:03", 40);

        Await.until(WAIT, "80 frames through the hold", () -> packets(flowsWith(PORT_HOLD)) >= 80);
        assertThat(manager.packetIns() - asked).as("packet-ins for frames the hold passed on").isZero();
        assertThat(flowsWith(PORT_HOLD)).singleElement().asString().contains(HELD_COOKIE)
                .contains("hard_timeout=" + HOLD_SECONDS).containsPattern("in_port=p?1\\b").contains("goto_table:2");
        assertThat(learned("02:00:00:00:00:02")).isFalse();

        Await.until(WAIT, "the hold ended by the switch", () -> flowsWith(PORT_HOLD).isEmpty());
        receiveUntil("02:00:00:00:00:02", "a packet-in once the hold ended", () -> manager.packetIns() > asked);
        Await.until(WAIT, "the port held again", () -> flowsWith(PORT_HOLD).size() == 1);
        assertThat(logs.withMessage(FlowAudit.FLOW_COUNT_DIFFERS)).as("repairs for a count").isEmpty();
        assertThat(logs.withMessage(FlowComparison.FLOWS_DIFFER)).as("repairs for a comparison").isEmpty();
        assertThat(repairs).isEmpty();
        assertThat(logs.withMessage(OpenFlowSouthbound.MATCHED)).as("reads of the switch").hasSize(1);
    }

    @Test
    void aPortDeletedWhileHeldIsAskedAgainAtOnceWhenItComesBack() {
        List<TopologyEvent> repairs = start(new MacTableConfig(Duration.ofSeconds(300), 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1, 1 << 20), LONG_HOLD_SECONDS);
        receive(FIRST, 1);
        Await.until(WAIT, "the first MAC learned", () -> learned(FIRST));
        receive("02:00:00:00:00:02", 1);
        Await.until(WAIT, "the port held", () -> flowsWith(PORT_HOLD).size() == 1);

        ovs.deletePort("br0", "p1");
        Await.until(WAIT, "the gone port's MACs forgotten", () -> !learned(FIRST));
        Await.until(WAIT, "the gone port's hold removed", () -> flowsWith(PORT_HOLD).isEmpty());
        ovs.addPort("br0", "p1", 1);

        receiveUntil("02:00:00:00:00:02", "a new source of the port, back under the same number, learned",
                () -> learned("02:00:00:00:00:02"));
        assertThat(repairs).as("repairs for the hold ended by the manager").isEmpty();
    }

    @Test
    void aMacPinnedElsewhereIsHeldAloneWhereItAppearsUntilItIsPinnedThere() {
        start(MacTableConfig.DEFAULTS);
        String pinned = "02:00:00:00:00:2a";
        manager.store.apply(new IntentChange.AddStaticMac(new StaticMac(VNI, MacAddress.parse(pinned),
                new MacLocation.Remote(ELSEWHERE))));
        receive(FIRST, 1);
        Await.until(WAIT, "a MAC of the port learned", () -> learned(FIRST));

        receive(pinned, 1);
        Await.until(WAIT, "the pinned MAC held", () -> flowsWith("dl_src=" + pinned).size() == 1);
        long asked = manager.packetIns();
        receive(pinned, 40);

        Await.until(WAIT, "40 frames through the hold", () -> packets(flowsWith("dl_src=" + pinned)) >= 40);
        assertThat(manager.packetIns() - asked).as("packet-ins for frames the hold passed on").isZero();
        assertThat(flowsWith("dl_src=" + pinned)).singleElement().asString().contains(HELD_COOKIE)
                .contains("priority=100,").contains("hard_timeout=" + HOLD_SECONDS);
        assertThat(flowsWith(PORT_HOLD)).as("the port's other sources").isEmpty();

        manager.store.apply(new IntentChange.DeleteStaticMac(new StaticMac.Key(VNI, MacAddress.parse(pinned))));
        manager.store.apply(new IntentChange.AddStaticMac(new StaticMac(VNI, MacAddress.parse(pinned),
                MacLocation.Local.of(HERE, PortName.of("p1"), VlanId.UNTAGGED))));

        Await.until(WAIT, "the pinned MAC's source entry in place of its hold",
                () -> flowsWith("dl_src=" + pinned).stream().anyMatch(flow -> flow.contains(KNOWN_COOKIE)));
        assertThat(flowsWith("dl_src=" + pinned)).singleElement().asString().doesNotContain("hard_timeout");
    }

    /** {@link #HERE}, bound on p1, and {@link #ELSEWHERE}, both observed; repairs of flows from then on. */
    private List<TopologyEvent> start(MacTableConfig macConfig) {
        return start(macConfig, HOLD_SECONDS);
    }

    private List<TopologyEvent> start(MacTableConfig macConfig, int holdSeconds) {
        manager = new SouthboundHarness(dir, macConfig, new LearningSettings(300, holdSeconds), Duration.ofMinutes(5),
                FAST_POLL, FAST_POLL, MissingSessions.DEFAULT_GRACE);
        List<TopologyEvent> repairs = new CopyOnWriteArrayList<>();
        manager.topology.addListener(event -> {
            if (event.type() == TopologyEvent.Type.FLOWS_REPAIRED) {
                repairs.add(event);
            }
        });
        manager.store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(VNI, "net", "", OptionalInt.empty())));
        for (VtepId vtep : List.of(HERE, ELSEWHERE)) {
            manager.store.apply(new IntentChange.RegisterVtep(new Vtep(vtep, VtepKind.HYPERVISOR, Optional.empty(),
                    Optional.of(TunnelIp.parse(vtep == HERE ? "192.0.2.1" : "192.0.2.2")))));
        }
        manager.store.apply(new IntentChange.CreateBinding(new VlanBinding(
                new PortVlan(HERE, PortName.of("p1"), VlanId.UNTAGGED), VNI)));
        ovs = RealOvs.start();
        ovs.addBridge("br0", manager.openFlowPort, "p1");
        manager.topology.reportVtep(new VtepObservation(ELSEWHERE, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.2")), OptionalLong.empty(), List.of(), List.of()));
        manager.topology.reportVtep(new VtepObservation(HERE, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.1")), OptionalLong.of(ovs.dpid("br0").getLong()), List.of(),
                List.of()));
        Await.until(WAIT, "the switch programmed",
                () -> ovs.ofctl("dump-flows", "br0").matches("(?s).*table=0,.*in_port=p?1,.*"));
        return repairs;
    }

    /** {@code count} frames from {@code source} into p1, in one call. */
    private void receive(String source, int count) {
        List<String> args = new ArrayList<>(List.of("netdev-dummy/receive", "p1"));
        for (int i = 0; i < count; i++) {
            args.add(RealOvs.udpFrameFrom(source));
        }
        ovs.appctl(args.toArray(String[]::new));
    }

    /**
     * Sends frames from {@code source} until {@code condition} holds. Right after the switch dropped a hold, a frame
     * may still meet the hold's actions cached in its datapath, until its revalidators catch up: as on a real
     * switch, a later frame asks.
     */
    private void receiveUntil(String source, String what, BooleanSupplier condition) {
        Await.until(WAIT, what, () -> {
            receive(source, 1);
            return condition.getAsBoolean();
        });
    }

    private boolean learned(String mac) {
        return manager.macs.lookup(VNI, MacAddress.parse(mac)).isPresent();
    }

    /** Table 1's flows that contain {@code text}. */
    private List<String> flowsWith(String text) {
        return ovs.ofctl("dump-flows", "br0").lines().filter(flow -> flow.contains("table=1,"))
                .filter(flow -> flow.contains(text)).toList();
    }

    private static long packets(List<String> flows) {
        return flows.stream().mapToLong(flow -> Long.parseLong(flow.replaceAll(".*n_packets=([0-9]+),.*", "$1")))
                .sum();
    }
}

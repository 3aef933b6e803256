package org.vtepmanager.ofcontroller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.TunnelPortName;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ofcontroller.Await;
import org.vtepmanager.ofcontroller.LogCapture;
import org.vtepmanager.ofcontroller.RealOvs;

/**
 * When the southbound reconciles a real Open vSwitch as a whole. After a manager start, once every registered VTEP
 * showed up, or at the settle deadline if one never does: reconciling earlier would delete flows towards MACs that
 * are merely not known yet. Later, whenever its VTEP's desired state or its port table changes, or a poll finds it
 * holding another number of our flows than we installed, and only then.
 */
class ReconcileOvsTest extends SouthboundOvsTest {

    private static final VtepId HERE = VtepId.of("hv1");
    private static final VtepId ABSENT = VtepId.of("hv2");
    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress ELSEWHERE_MAC = MacAddress.parse("02:00:00:00:00:2a");
    private static final Duration FAST_POLL = Duration.ofMillis(500);
    private static final Pattern DURATION = Pattern.compile("duration=([0-9.]+)s");
    private static final String CHANGING = "duration=[^,]*, |n_packets=[^,]*, |n_bytes=[^,]*, |idle_age=[^,]*, ";

    private final LogCapture logs = new LogCapture();

    private H2IntentStore store;
    private MacTables macs;
    private TopologyService topology;

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    @Test
    void aRegisteredVtepThatNeverConnectsHoldsProgrammingBackUntilTheDeadlineNotForever() {
        Duration deadline = Duration.ofSeconds(4);
        long started = System.nanoTime();
        startManagerWithSwitch(deadline, List.of(HERE, ABSENT));

        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time until the switch was programmed")
                .isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void whenEveryRegisteredVtepIsConnectedTheSwitchIsProgrammedWithoutWaitingForTheDeadline() {
        // The bound of the wait is the assertion: a tenth of the deadline the manager must not wait for.
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE));

        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
    }

    @Test
    void aBindingAddedAfterTheOverlaySettledIsProgrammedOnItsSwitch() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE));
        ovs.addPort("br0", "p2", 2);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);

        store.apply(new IntentChange.CreateBinding(new VlanBinding(
                new PortVlan(HERE, PortName.of("p2"), VlanId.UNTAGGED), VNI)));

        Await.until(Duration.ofSeconds(30), "the classifier entry of p2", () -> classifies(2));
    }

    @Test
    void aBoundPortThatAppearsAfterTheOverlaySettledIsProgrammed() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE));
        store.apply(new IntentChange.CreateBinding(new VlanBinding(
                new PortVlan(HERE, PortName.of("p2"), VlanId.UNTAGGED), VNI)));
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
        assertThat(classifies(2)).as("p2 classified before the port exists").isFalse();

        ovs.addPort("br0", "p2", 2);

        Await.until(Duration.ofSeconds(30), "the classifier entry of p2", () -> classifies(2));
    }

    @Test
    void aSwitchMatchedAgainGetsTheMacsLearnedWhileItsVtepWasNotMatched() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE, ABSENT));
        topology.reportVtep(new VtepObservation(ABSENT, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.2")), OptionalLong.empty(), List.of(), List.of()));
        ovs.addTunnelPort("br0", TunnelPortName.of("192.0.2.2"), "192.0.2.2", 10);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);

        observeHere(OptionalLong.empty());
        macs.learn(VNI, ELSEWHERE_MAC, new MacLocation.Remote(ABSENT), MacSource.LEARNED);
        observeHere(OptionalLong.of(ovs.dpid("br0").getLong()));

        Await.until(Duration.ofSeconds(30), "an entry towards the MAC learned meanwhile", () ->
                ovs.ofctl("dump-flows", "br0").contains("dl_dst=" + ELSEWHERE_MAC));
    }

    /**
     * Their source entries go with the port, so nothing would ever age them: kept, every other VTEP would go on
     * sending their traffic here, and a VM that comes back elsewhere without a word would not be flooded to.
     */
    @Test
    void macsLearnedOnAPortDeletedFromTheBridgeAreForgottenAlsoWhenItWentWhileTheSwitchWasNotMatched() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE));
        for (int port = 2; port <= 3; port++) {
            ovs.addPort("br0", "p" + port, port);
            store.apply(new IntentChange.CreateBinding(new VlanBinding(
                    new PortVlan(HERE, PortName.of("p" + port), VlanId.UNTAGGED), VNI)));
        }
        Map<String, MacAddress> learned = new HashMap<>();
        for (String port : List.of("p1", "p2", "p3")) {
            learned.put(port, MacAddress.parse("02:00:00:00:00:1" + port.charAt(1)));
            macs.learn(VNI, learned.get(port), MacLocation.Local.of(HERE, PortName.of(port), VlanId.UNTAGGED),
                    MacSource.LEARNED);
        }
        Await.until(Duration.ofSeconds(30), "an entry towards each learned MAC", () -> learned.values().stream()
                .allMatch(mac -> ovs.ofctl("dump-flows", "br0").contains("dl_dst=" + mac)));

        ovs.deletePort("br0", "p1");
        Await.until(Duration.ofSeconds(30), "the MAC learned on p1 forgotten", () ->
                macs.lookup(VNI, learned.get("p1")).isEmpty());
        Await.until(Duration.ofSeconds(30), "no entry towards it", () ->
                !ovs.ofctl("dump-flows", "br0").contains("dl_dst=" + learned.get("p1")));
        assertThat(macs.lookup(VNI, learned.get("p2"))).as("learned on a port still there").isPresent();

        observeHere(OptionalLong.empty());
        ovs.deletePort("br0", "p2");
        observeHere(OptionalLong.of(ovs.dpid("br0").getLong()));
        Await.until(Duration.ofSeconds(30), "the MAC learned on p2 forgotten once the switch is matched again", () ->
                macs.lookup(VNI, learned.get("p2")).isEmpty());
        assertThat(macs.lookup(VNI, learned.get("p3"))).isPresent();
    }

    @Test
    void flowsDeletedByHandAreRestoredAndTheOthersAreLeftAlone() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE), FAST_POLL);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
        List<TopologyEvent> repairs = repairs();
        Map<String, Double> before = ourFlows();
        long deleted = System.nanoTime();

        ovs.ofctl("del-flows", "br0", "table=0");

        Await.until(Duration.ofSeconds(30), "the classifier entry of p1 again", this::programmed);
        double secondsSinceDelete = (System.nanoTime() - deleted) / 1e9;
        Map<String, Double> after = ourFlows();
        assertThat(after.keySet()).as("our flows after the repair")
                .containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(after.entrySet()).as("ages of table 1's flows, which the repair left alone")
                .filteredOn(flow -> flow.getKey().contains("table=1,")).isNotEmpty()
                .allSatisfy(flow -> assertThat(flow.getValue()).isGreaterThan(secondsSinceDelete));
        assertThat(logs.withMessage(FlowAudit.FLOW_COUNT_DIFFERS)).first()
                .satisfies(event -> assertThat(Long.parseLong(LogCapture.keyValues(event).get("held")))
                        .isLessThan(Long.parseLong(LogCapture.keyValues(event).get("expected"))));
        assertThat(repairs).as("repairs in the operators' feed").first()
                .satisfies(event -> assertThat(event.subject()).startsWith(HERE + ": its switch held"));
    }

    @Test
    void aSwitchHoldingWhatWeInstalledIsNotReadAgainWhateverFlowsOfOthersItHolds() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE), FAST_POLL);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
        ovs.logOpenFlowMessages();
        ovs.ofctl("add-flow", "br0", "table=0,priority=7,cookie=0x1,dl_type=0x88cc,actions=drop");
        ovs.ofctl("add-flow", "br0", "table=10,priority=1,actions=drop");
        // Counts follow until one is taken with the flows of others in place (a poll may fall between the two
        // adds, or before them); then polls ask for none. Three table requests after the last count: two polls.
        Await.until(Duration.ofSeconds(30), "two polls without a count since the flows of others came", () -> {
            List<String> received = ovs.received();
            int lastCount = -1;
            for (int i = 0; i < received.size(); i++) {
                lastCount = received.get(i).startsWith("OFPST_AGGREGATE request") ? i : lastCount;
            }
            return received.subList(lastCount + 1, received.size()).stream()
                    .filter(message -> message.startsWith("OFPST_TABLE request")).count() >= 3;
        });
        long counts = ovs.received("OFPST_AGGREGATE request");
        long polls = ovs.received("OFPST_TABLE request");

        // Absence can only be watched for a while: four polls, each of which would re-read a miscounted switch.
        Await.until(Duration.ofSeconds(30), "four more polls of the table counters",
                () -> ovs.received("OFPST_TABLE request") - polls >= 4);

        assertThat(logs.withMessage(FlowAudit.FLOW_COUNT_DIFFERS)).as("re-reads of a switch at rest")
                .isEmpty();
        assertThat(logs.withMessage(OpenFlowSouthbound.MATCHED)).as("reads of the switch").hasSize(1);
        assertThat(ovs.received("OFPST_AGGREGATE request") - counts)
                .as("counts of our flows, which walk every flow, once the flows of others are known").isZero();
    }

    @Test
    void flowsAndAGroupChangedByHandWithoutChangingTheirNumberArePutBackAtTheNextComparison() {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE), FAST_POLL, FAST_POLL);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
        List<TopologyEvent> repairs = repairs();
        Map<String, Double> before = ourFlows();
        long tableOne = before.keySet().stream().filter(flow -> flow.contains("table=1,")).count();
        String groups = ourGroups();
        long edited = System.nanoTime();

        ovs.ofctl("mod-flows", "br0", "table=1,actions=drop");
        ovs.ofctl("mod-group", "br0", "group_id=5000,type=all,bucket=output:7");

        Await.until(Duration.ofSeconds(30), "our flows and groups as we installed them",
                () -> ourFlows().keySet().equals(before.keySet()) && ourGroups().equals(groups));
        double secondsSinceEdit = (System.nanoTime() - edited) / 1e9;
        assertThat(ourFlows().entrySet()).as("ages of table 2's flows, which the repair left alone")
                .filteredOn(flow -> flow.getKey().contains("table=2,")).isNotEmpty()
                .allSatisfy(flow -> assertThat(flow.getValue()).isGreaterThan(secondsSinceEdit));
        assertThat(logs.withMessage(FlowAudit.FLOW_COUNT_DIFFERS)).as("repairs for a count").isEmpty();
        assertThat(logs.withMessage(FlowComparison.FLOWS_DIFFER)).first().satisfies(event -> {
            assertThat(LogCapture.keyValues(event)).containsEntry("flows", "" + tableOne)
                    .containsEntry("groups", "1");
        });
        assertThat(repairs).as("repairs in the operators' feed").first().satisfies(event ->
                assertThat(event.subject()).startsWith(HERE + ": its switch held " + tableOne + " flows and 1 group"));
        assertThat(logs.withMessage(OpenFlowSouthbound.MATCHED)).as("reads of the switch, logged at")
                .extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.DEBUG);
    }

    @Test
    void aSwitchComparedAgainAndAgainWhileItLearnsAndHoldsFlowsAndGroupsOfOthersIsNeverRepaired()
            throws InterruptedException {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE, ABSENT), FAST_POLL, FAST_POLL);
        topology.reportVtep(new VtepObservation(ABSENT, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.2")), OptionalLong.empty(), List.of(), List.of()));
        ovs.addTunnelPort("br0", TunnelPortName.of("192.0.2.2"), "192.0.2.2", 10);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
        ovs.ofctl("add-flow", "br0", "table=2,priority=7,cookie=0x1,dl_type=0x88cc,actions=drop");
        ovs.ofctl("add-group", "br0", "group_id=0x10000000,type=all,bucket=output:1");
        List<TopologyEvent> repairs = repairs();

        // A learn every few milliseconds, so that batches reach the switch while each of its reads is under way,
        // until it was compared four times.
        long learned = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int compared = logs.withMessage(FlowComparison.COMPARED).size();
        while (logs.withMessage(FlowComparison.COMPARED).size() < compared + 4) {
            assertThat(System.nanoTime()).as("four comparisons within a minute").isLessThan(deadline);
            macs.learn(VNI, MacAddress.parse(String.format("02:00:00:01:%02x:%02x", learned / 256, learned % 256)),
                    new MacLocation.Remote(ABSENT), MacSource.LEARNED);
            learned++;
            Thread.sleep(2);
        }

        long last = learned - 1;
        Await.until(Duration.ofSeconds(30), "an entry towards the last MAC learned", () -> ovs.ofctl("dump-flows",
                "br0").contains(String.format("dl_dst=02:00:00:01:%02x:%02x", last / 256, last % 256)));
        assertThat(logs.withMessage(FlowComparison.FLOWS_DIFFER)).as("repairs of a switch changed by us alone")
                .isEmpty();
        assertThat(repairs).isEmpty();
        assertThat(logs.withMessage(OpenFlowSouthbound.MATCHED)).as("reads of the switch to repair it").hasSize(1);
    }

    @Test
    void aSwitchThatDiesWithABatchInFlightIsLeftToItsReconnectWithoutAWarning() throws InterruptedException {
        startManagerWithSwitch(Duration.ofMinutes(5), List.of(HERE));
        ovs.addPort("br0", "p2", 2);
        Await.until(Duration.ofSeconds(30), "the switch holds our flows", this::programmed);
        ovs.freezeSwitch();
        store.apply(new IntentChange.CreateBinding(new VlanBinding(
                new PortVlan(HERE, PortName.of("p2"), VlanId.UNTAGGED), VNI)));
        // The batch for p2 goes out within milliseconds; the frozen switch never answers its barrier.
        Thread.sleep(500);

        ovs.killSwitch();

        logs.awaitMessage(Duration.ofSeconds(30), "Switch disconnected");
        // A failed batch would be logged at once and re-read after a second (RELOAD_DELAY_MILLIS).
        Thread.sleep(1_500);
        // The session's own WARN says the connection was reset; the southbound has nothing to add.
        assertThat(logs.warnings()).as("the southbound's warnings about a switch that went away")
                .filteredOn(event -> event.getLoggerName().equals(OpenFlowSouthbound.class.getName())).isEmpty();
    }

    /** {@code registered} VTEPs in one network; only {@link #HERE}, bound on p1, is this switch and is observed. */
    private void startManagerWithSwitch(Duration settleTimeout, List<VtepId> registered) {
        startManagerWithSwitch(settleTimeout, registered, OpenFlowSouthbound.POLL_PERIOD);
    }

    private void startManagerWithSwitch(Duration settleTimeout, List<VtepId> registered, Duration pollPeriod) {
        startManagerWithSwitch(settleTimeout, registered, pollPeriod, OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD);
    }

    private void startManagerWithSwitch(Duration settleTimeout, List<VtepId> registered, Duration pollPeriod,
            Duration comparePeriod) {
        manager = new SouthboundHarness(dir, settleTimeout, pollPeriod, comparePeriod);
        store = manager.store;
        macs = manager.macs;
        topology = manager.topology;
        store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(VNI, "net", "", OptionalInt.empty())));
        for (int i = 0; i < registered.size(); i++) {
            store.apply(new IntentChange.RegisterVtep(new Vtep(registered.get(i), VtepKind.HYPERVISOR,
                    Optional.empty(), Optional.of(TunnelIp.parse("192.0.2." + (i + 1))))));
        }
        store.apply(new IntentChange.CreateBinding(new VlanBinding(
                new PortVlan(HERE, PortName.of("p1"), VlanId.UNTAGGED), VNI)));
        ovs = RealOvs.start();
        ovs.addBridge("br0", manager.openFlowPort, "p1");
        observeHere(OptionalLong.of(ovs.dpid("br0").getLong()));
    }

    /** What {@link #HERE}'s OVSDB session reports; without a datapath id its switch is matched to no VTEP. */
    private void observeHere(OptionalLong dpid) {
        topology.reportVtep(new VtepObservation(HERE, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse("192.0.2.1")), dpid, List.of(), List.of()));
    }

    /** The classifier's entry for p1, which exists only once the switch was reconciled. */
    private boolean programmed() {
        return classifies(1);
    }

    /** Our flows as {@code dump-flows} prints them less what changes by itself (age, counters), with their age. */
    private Map<String, Double> ourFlows() {
        Map<String, Double> flows = new HashMap<>();
        ovs.ofctl("dump-flows", "br0").lines().filter(flow -> flow.contains("cookie=0x7674")).forEach(flow -> {
            Matcher age = DURATION.matcher(flow);
            assertThat(age.find()).as("age in %s", flow).isTrue();
            flows.put(flow.replaceAll(CHANGING, ""), Double.parseDouble(age.group(1)));
        });
        return flows;
    }

    /** Our groups as {@code dump-groups} prints them, sorted. */
    private String ourGroups() {
        return ovs.ofctl("dump-groups", "br0").lines().filter(line -> line.contains("group_id=")).sorted()
                .reduce("", (all, line) -> all + line.strip() + "\n");
    }

    /** Repairs of flows from now on, as the operators' feed gets them. */
    private List<TopologyEvent> repairs() {
        List<TopologyEvent> repairs = new CopyOnWriteArrayList<>();
        topology.addListener(event -> {
            if (event.type() == TopologyEvent.Type.FLOWS_REPAIRED) {
                repairs.add(event);
            }
        });
        return repairs;
    }

    private boolean classifies(int ofport) {
        return ovs.ofctl("dump-flows", "br0").lines().anyMatch(flow -> flow.contains("table=0")
                && (flow.contains("in_port=" + ofport + ",") || flow.contains("in_port=p" + ofport + ",")));
    }
}

package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;

class InstalledSwitchTest {

    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:07");
    private static final PipelineSpec.MacKey KEY = new PipelineSpec.MacKey(5000, MAC.bits());

    private final OFFactory of = new OfMessages().factory();

    /** A MAC's three flows during a move: its old and new source entries, and its destination entry. */
    private Map<FlowKey, OFFlowAdd> movingMac() {
        FlowPipeline.MacPass pass = new FlowPipeline(of).macPass(300);
        Map<FlowKey, OFFlowAdd> flows = new LinkedHashMap<>(localMac(pass, VNI, 1));
        localMac(pass, VNI, 2).forEach(flows::putIfAbsent);
        return flows;
    }

    private static Map<FlowKey, OFFlowAdd> localMac(FlowPipeline.MacPass pass, Vni vni, int port) {
        return pass.flows(List.of(new SwitchContext.LocalMac(vni, MAC, OFPort.of(port), 0, true)), List.of()).flows();
    }

    /** Every flow the model holds, by key, as a whole-switch reconcile reads it. */
    private static Map<FlowKey, InstalledSwitch.Flow> held(InstalledSwitch installed) {
        Map<FlowKey, InstalledSwitch.Flow> held = new HashMap<>();
        installed.forEach(held::put);
        return held;
    }

    private static InstalledSwitch holding(Map<FlowKey, OFFlowAdd> flows) {
        InstalledSwitch installed = new InstalledSwitch();
        flows.forEach((key, flow) -> installed.write(key, flow));
        return installed;
    }

    @Test
    void everyFlowOfOneMacIsHeldWithItsFieldsAndListedForTheMac() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();

        InstalledSwitch installed = holding(flows);

        assertThat(flows).hasSize(3);
        assertThat(installed.flowCount()).isEqualTo(3);
        assertThat(installed.flowsOf(Set.of(KEY))).containsExactlyInAnyOrderElementsOf(flows.keySet());
        Map<FlowKey, InstalledSwitch.Flow> held = held(installed);
        flows.forEach((key, flow) -> {
            assertThat(held.get(key)).as(key.toString()).isNotNull();
            assertThat(held.get(key).cookie()).isEqualTo(flow.getCookie());
            assertThat(held.get(key).idleTimeout()).isEqualTo(flow.getIdleTimeout());
            assertThat(held.get(key).instructions()).isEqualTo(flow.getInstructions());
        });
    }

    @Test
    void aFlowTheSwitchTimedOutIsForgottenButOneItTellsWasDeletedIsNot() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        FlowKey source = flows.keySet().iterator().next();
        InstalledSwitch installed = holding(flows);

        // The delete a diff sent before this flow was added again: the notice comes after both.
        installed.removed(removedNotice(flows.get(source), OFFlowRemovedReason.DELETE));
        assertThat(held(installed)).containsKey(source);

        installed.removed(removedNotice(flows.get(source), OFFlowRemovedReason.IDLE_TIMEOUT));
        assertThat(held(installed)).doesNotContainKey(source).hasSize(2);
    }

    @Test
    void onlyTimeoutsThatTookAFlowOutOfTheModelAreCountedForTheAudit() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        FlowKey source = flows.keySet().iterator().next();
        InstalledSwitch installed = holding(flows);

        installed.removed(removedNotice(flows.get(source), OFFlowRemovedReason.DELETE));
        installed.removed(removedNotice(flows.get(source), OFFlowRemovedReason.IDLE_TIMEOUT));
        // A second notice for the same flow (it had been deleted and timed out on the switch meanwhile).
        installed.removed(removedNotice(flows.get(source), OFFlowRemovedReason.HARD_TIMEOUT));

        assertThat(installed.timedOut()).as("timeouts the model's count lost").isEqualTo(1);
        assertThat(installed.flowCount()).isEqualTo(2);
    }

    private OFFlowRemoved removedNotice(OFFlowAdd flow, OFFlowRemovedReason reason) {
        return of.buildFlowRemoved().setTableId(flow.getTableId()).setPriority(flow.getPriority())
                .setMatch(flow.getMatch()).setCookie(flow.getCookie()).setReason(reason).build();
    }

    @Test
    void removingAnyOfAMacsFlowsKeepsTheOthersAndTheLastOneForgetsTheMac() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        List<FlowKey> keys = new ArrayList<>(flows.keySet());
        InstalledSwitch installed = holding(flows);

        installed.remove(keys.get(1));
        assertThat(installed.flowsOf(Set.of(KEY))).containsExactlyInAnyOrder(keys.get(0), keys.get(2));
        installed.remove(keys.get(2));
        assertThat(installed.flowsOf(Set.of(KEY))).containsExactly(keys.get(0));
        assertThat(held(installed).get(keys.get(2))).isNull();
        installed.remove(keys.get(0));

        assertThat(installed.flowsOf(Set.of(KEY))).isEmpty();
        assertThat(installed.flowCount()).isZero();
        List<FlowKey> left = new ArrayList<>();
        installed.forEach((key, flow) -> left.add(key));
        assertThat(left).isEmpty();
    }

    @Test
    void writingAFlowSaysWhetherTheSwitchMustBeSentAnAddAModifyOrNothing() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        SwitchContext context = new SwitchContext(List.of(new SwitchContext.Binding(OFPort.of(1), 0, VNI)),
                Map.of(VNI, Set.of(OFPort.of(10))), List.of(), 300);
        new FlowPipeline(of).desired(context).flows().forEach(flows::putIfAbsent);
        assertThat(flows.keySet()).anyMatch(key -> key.mac() == null).anyMatch(key -> key.mac() != null);
        List<OFInstruction> elsewhere = List.of(of.instructions().gotoTable(PipelineSpec.SOURCE));
        InstalledSwitch installed = new InstalledSwitch();

        flows.forEach((key, flow) -> {
            assertThat(installed.write(key, flow)).as("new " + key).isEqualTo(InstalledSwitch.Change.ADD);
            assertThat(installed.write(key, flow)).as("held " + key).isEqualTo(InstalledSwitch.Change.NONE);
            assertThat(installed.write(key, flow.createBuilder().setInstructions(elsewhere).build()))
                    .as("new instructions " + key).isEqualTo(InstalledSwitch.Change.MODIFY);
            assertThat(installed.write(key, flow.createBuilder().setIdleTimeout(flow.getIdleTimeout() + 1).build()))
                    .as("new idle timeout " + key).isEqualTo(InstalledSwitch.Change.ADD);
            assertThat(installed.write(key, flow.createBuilder().setCookie(U64.of(flow.getCookie().getValue() + 1))
                    .build())).as("new cookie " + key).isEqualTo(InstalledSwitch.Change.ADD);
        });

        assertThat(installed.flowCount()).isEqualTo(flows.size());
    }

    @Test
    void aFlowWrittenAgainIsReplacedNotAddedTwice() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        FlowKey source = flows.keySet().iterator().next();
        InstalledSwitch installed = holding(flows);
        OFFlowAdd unaged = flows.get(source).createBuilder().setIdleTimeout(0).build();

        installed.write(source, unaged);

        assertThat(installed.flowCount()).isEqualTo(3);
        assertThat(held(installed).get(source).idleTimeout()).isZero();
    }

    @Test
    void theSameMacInNetworksWhoseVnisShareTheirLow16BitsIsKeptApart() {
        Vni other = Vni.of(VNI.value() + 65_536);
        PipelineSpec.MacKey otherKey = new PipelineSpec.MacKey(other.value(), MAC.bits());
        FlowPipeline.MacPass pass = new FlowPipeline(of).macPass(300);
        Map<FlowKey, OFFlowAdd> here = localMac(pass, VNI, 1);
        Map<FlowKey, OFFlowAdd> there = localMac(pass, other, 2);
        InstalledSwitch installed = holding(here);
        there.forEach((key, flow) -> installed.write(key, flow));

        assertThat(installed.flowCount()).isEqualTo(4);
        assertThat(installed.flowsOf(Set.of(KEY))).containsExactlyInAnyOrderElementsOf(here.keySet());
        assertThat(installed.flowsOf(Set.of(otherKey))).containsExactlyInAnyOrderElementsOf(there.keySet());
        here.keySet().forEach(installed::remove);
        assertThat(installed.flowsOf(Set.of(KEY))).isEmpty();
        assertThat(installed.flowsOf(Set.of(otherKey))).containsExactlyInAnyOrderElementsOf(there.keySet());
        Map<FlowKey, InstalledSwitch.Flow> held = held(installed);
        there.keySet().forEach(key -> assertThat(held.get(key)).as(key.toString()).isNotNull());
    }

    @Test
    void theFlowsOfSeveralMacsAreListedTogetherAndNoneOfAMacNotAskedFor() {
        Vni other = Vni.of(VNI.value() + 65_536);
        PipelineSpec.MacKey otherKey = new PipelineSpec.MacKey(other.value(), MAC.bits());
        PipelineSpec.MacKey absent = new PipelineSpec.MacKey(VNI.value(), MAC.bits() + 1);
        FlowPipeline.MacPass pass = new FlowPipeline(of).macPass(300);
        Map<FlowKey, OFFlowAdd> here = localMac(pass, VNI, 1);
        Map<FlowKey, OFFlowAdd> there = localMac(pass, other, 2);
        InstalledSwitch installed = holding(here);
        there.forEach((key, flow) -> installed.write(key, flow));

        assertThat(installed.flowsOf(List.of(absent, KEY))).containsExactlyInAnyOrderElementsOf(here.keySet());
        assertThat(installed.flowsOf(List.of(otherKey, absent, KEY))).hasSize(4)
                .containsAll(here.keySet()).containsAll(there.keySet());
        assertThat(installed.flowsOf(List.of())).isEmpty();
    }

    @Test
    void entriesRemovedAndAddedAgainReuseTheirPlacesAndKeepEveryOtherEntryIntact() {
        FlowPipeline.MacPass pass = new FlowPipeline(of).macPass(300);
        Map<FlowKey, OFFlowAdd> first = manyMacs(pass, 0, 200);
        Map<FlowKey, OFFlowAdd> second = manyMacs(pass, 200, 100);
        InstalledSwitch installed = holding(first);

        // Every other entry: a MAC's destination entry goes, its source entry (next in the MAC's chain) stays.
        List<FlowKey> keys = new ArrayList<>(first.keySet());
        List<FlowKey> gone = new ArrayList<>();
        for (int i = 1; i < keys.size(); i += 2) {
            gone.add(keys.get(i));
        }
        gone.forEach(installed::remove);
        second.forEach((key, flow) -> installed.write(key, flow));

        Map<FlowKey, OFFlowAdd> held = new LinkedHashMap<>(first);
        gone.forEach(held::remove);
        held.putAll(second);
        assertThat(installed.flowCount()).isEqualTo(held.size());
        Map<FlowKey, InstalledSwitch.Flow> listed = held(installed);
        gone.forEach(key -> assertThat(listed.get(key)).as(key.toString()).isNull());
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(held.keySet());
        held.forEach((key, flow) -> assertThat(listed.get(key).instructions()).as(key.toString())
                .isEqualTo(flow.getInstructions()));
    }

    @Test
    void anInstructionListIsKeptOnlyWhileAnEntryUsesIt() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        FlowKey source = flows.keySet().iterator().next();
        InstalledSwitch installed = holding(flows);
        int lists = installed.macInstructionLists();
        OFFlowAdd elsewhere = flows.get(source).createBuilder()
                .setInstructions(List.of(of.instructions().gotoTable(PipelineSpec.SOURCE))).build();

        installed.write(source, elsewhere);
        assertThat(held(installed).get(source).instructions()).isEqualTo(elsewhere.getInstructions());
        assertThat(installed.macInstructionLists()).isBetween(lists, lists + 1);
        flows.keySet().forEach(installed::remove);

        assertThat(installed.flowCount()).isZero();
        assertThat(installed.macInstructionLists()).isZero();
    }

    /** {@code count} MACs learned on ports 1..4: a source and a destination entry each. */
    private static Map<FlowKey, OFFlowAdd> manyMacs(FlowPipeline.MacPass pass, int from, int count) {
        List<SwitchContext.MacRoute> routes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            routes.add(new SwitchContext.LocalMac(VNI, new MacAddress(0x0200_0000_1000L + i), OFPort.of(1 + i % 4), 0,
                    true));
        }
        return pass.flows(routes, List.of()).flows();
    }

    @Test
    void macsLeavingThroughTheSamePortOrTunnelShareOneInstructionListSoTheSwitchModelKeepsOne() {
        FlowPipeline.MacPass pass = new FlowPipeline(of).macPass(300);
        List<SwitchContext.MacRoute> routes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            routes.add(new SwitchContext.RemoteMac(VNI, new MacAddress(0x0200_0000_2000L + i), OFPort.of(10 + i % 2)));
        }
        Map<FlowKey, OFFlowAdd> remote = pass.flows(routes, List.of()).flows();
        Map<FlowKey, OFFlowAdd> local = manyMacs(pass, 0, 100);

        InstalledSwitch installed = holding(remote);
        local.forEach((key, flow) -> installed.write(key, flow));

        assertThat(remote.values().stream().map(OFFlowAdd::getInstructions).distinct()).hasSize(2);
        Set<List<OFInstruction>> objects = Collections.newSetFromMap(new IdentityHashMap<>());
        remote.values().forEach(flow -> objects.add(flow.getInstructions()));
        assertThat(objects).as("one list object per tunnel").hasSize(2);
        // Two tunnels, four ports (destination entries), and the source entries' one list.
        assertThat(installed.macInstructionLists()).isEqualTo(7);
    }

    /** What a switch answers to a read of its flows, for {@code flows}. */
    private List<OFFlowStatsEntry> stats(Map<FlowKey, OFFlowAdd> flows) {
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        flows.values().forEach(flow -> entries.add(stats(flow, flow.getInstructions())));
        return entries;
    }

    private OFFlowStatsEntry stats(OFFlowAdd flow, List<OFInstruction> instructions) {
        return of.buildFlowStatsEntry().setTableId(flow.getTableId()).setPriority(flow.getPriority())
                .setMatch(flow.getMatch()).setCookie(flow.getCookie()).setIdleTimeout(flow.getIdleTimeout())
                .setInstructions(instructions).build();
    }

    private OFGroupDescStatsEntry group(int id, int port) {
        return of.buildGroupDescStatsEntry().setGroup(OFGroup.of(id)).setGroupType(OFGroupType.ALL)
                .setBuckets(List.of(bucket(port))).build();
    }

    private OFBucket bucket(int port) {
        return of.buildBucket().setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY)
                .setActions(List.of(of.actions().output(OFPort.of(port), 0))).build();
    }

    @Test
    void aSwitchHoldingWhatTheModelHoldsDiffersInNothingWhateverItHoldsOfOthers() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        InstalledSwitch installed = holding(flows);
        installed.writeGroup(OFGroup.of(5000), List.of(bucket(1)));
        List<OFFlowStatsEntry> read = new ArrayList<>(stats(flows));
        OFFlowAdd any = flows.values().iterator().next();
        read.add(stats(any.createBuilder().setCookie(U64.of(0x1)).setPriority(7).build(), List.of()));

        InstalledSwitch.Differences differences = compare(installed, read,
                List.of(group(5000, 1), group(0x7fff_0000, 2)));

        assertThat(differences.none()).as("%s", differences).isTrue();
    }

    @Test
    void aFlowWithOtherActionsAMissingFlowAndAnExtraFlowOfOursAreEachADifference() {
        Map<FlowKey, OFFlowAdd> flows = movingMac();
        InstalledSwitch installed = holding(flows);
        List<OFFlowAdd> held = new ArrayList<>(flows.values());
        OFFlowAdd extra = held.get(0).createBuilder().setPriority(held.get(0).getPriority() + 1).build();

        InstalledSwitch.Differences differences = compare(installed, List.of(stats(held.get(0), List.of()),
                stats(held.get(1), held.get(1).getInstructions()), stats(extra, extra.getInstructions())), List.of());

        assertThat(differences).isEqualTo(new InstalledSwitch.Differences(3, 0));
    }

    @Test
    void aGroupWithOtherBucketsAMissingGroupAndAnExtraGroupOfOursAreEachADifference() {
        InstalledSwitch installed = holding(Map.of());
        installed.writeGroup(OFGroup.of(5000), List.of(bucket(1)));
        installed.writeGroup(OFGroup.of(5001), List.of(bucket(1)));

        InstalledSwitch.Differences differences = compare(installed, List.of(),
                List.of(group(5000, 2), group(5002, 1)));

        assertThat(differences).isEqualTo(new InstalledSwitch.Differences(0, 3));
    }

    @Test
    void aReadIsComparedWithTheModelAsItWasWhenAskedForAndTheNextReadWithWhatWasWrittenSince() {
        TwoOfThree held = holdingTwoOfThree();
        InstalledSwitch installed = held.installed();
        installed.writeGroup(OFGroup.of(5000), List.of(bucket(1)));
        List<OFFlowStatsEntry> read = List.of(held.read(0), held.read(1));
        List<OFGroupDescStatsEntry> groups = List.of(group(5000, 1));

        SwitchComparison comparison = installed.compareWithRead();
        installed.write(held.key(2), held.flow(2));
        installed.remove(held.key(1));
        installed.writeGroup(OFGroup.of(5000), List.of(bucket(2)));
        installed.writeGroup(OFGroup.of(5001), List.of(bucket(1)));
        comparison.flows(read);

        assertThat(comparison.finish(groups).none()).as("the read asked for before the changes").isTrue();
        assertThat(compare(installed, read, groups)).as("the same read, compared again after they reached the switch")
                .isEqualTo(new InstalledSwitch.Differences(2, 2));
    }

    @Test
    void partsReadBeforeAndAfterTheirFlowsChangedAreBothComparedWithTheModelAsTheReadWasAskedFor() {
        TwoOfThree held = holdingTwoOfThree();
        InstalledSwitch installed = held.installed();
        OFFlowAdd first = held.flow(0);

        SwitchComparison comparison = installed.compareWithRead();
        comparison.flows(List.of(held.read(0)));
        installed.write(held.key(0), first.createBuilder().setIdleTimeout(first.getIdleTimeout() + 1).build());
        installed.remove(held.key(1));
        installed.write(held.key(2), held.flow(2));
        comparison.flows(List.of(held.read(1)));

        assertThat(comparison.finish(List.of())).as("the switch as it was when asked")
                .isEqualTo(new InstalledSwitch.Differences(0, 0));
    }

    @Test
    void aFlowTheSwitchReportsTimedOutWhileItIsReadIsMissingFromTheReadAndFromWhatItIsComparedWith() {
        TwoOfThree held = holdingTwoOfThree();
        InstalledSwitch installed = held.installed();

        SwitchComparison comparison = installed.compareWithRead();
        installed.removed(removedNotice(held.flow(1), OFFlowRemovedReason.IDLE_TIMEOUT));
        // Learned again at once: the read, asked for before, still lacks it.
        installed.write(held.key(1), held.flow(1));
        comparison.flows(List.of(held.read(0)));

        assertThat(comparison.finish(List.of())).isEqualTo(new InstalledSwitch.Differences(0, 0));
        assertThat(compare(installed, List.of(held.read(0)), List.of()))
                .as("the same read, compared once the flow learned again reached the switch")
                .isEqualTo(new InstalledSwitch.Differences(1, 0));
    }

    /** A moving MAC's three flows, of which the switch holds the first two. */
    private record TwoOfThree(List<FlowKey> keys, List<OFFlowAdd> flows, InstalledSwitch installed,
            List<OFFlowStatsEntry> reads) {
        FlowKey key(int i) {
            return keys.get(i);
        }

        OFFlowAdd flow(int i) {
            return flows.get(i);
        }

        /** Flow {@code i} as a read of the switch reports it. */
        OFFlowStatsEntry read(int i) {
            return reads.get(i);
        }
    }

    private TwoOfThree holdingTwoOfThree() {
        Map<FlowKey, OFFlowAdd> moving = movingMac();
        List<FlowKey> keys = List.copyOf(moving.keySet());
        List<OFFlowAdd> flows = keys.stream().map(moving::get).toList();
        return new TwoOfThree(keys, flows, holding(Map.of(keys.get(0), flows.get(0), keys.get(1), flows.get(1))),
                flows.stream().map(flow -> stats(flow, flow.getInstructions())).toList());
    }

    /** A read compared whole, in one part. */
    static InstalledSwitch.Differences compare(InstalledSwitch installed, List<OFFlowStatsEntry> flows,
            List<OFGroupDescStatsEntry> groups) {
        SwitchComparison comparison = installed.compareWithRead();
        comparison.flows(flows);
        return comparison.finish(groups);
    }
}

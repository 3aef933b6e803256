package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.mac.ArrayCapacity;
import org.vtepmanager.ofcontroller.OfMessages;

class MacFlowTableTest {

    private static final Vni VNI = Vni.of(5000);

    private final FlowPipeline.MacPass pass = new FlowPipeline(new OfMessages().factory()).macPass(300);

    @Test
    void afterMostEntriesAgedOutTheTableGivesItsMemoryBackAndKeepsTheRest() {
        Map<FlowKey, OFFlowAdd> flows = macs(5_000);
        MacFlowTable table = new MacFlowTable();
        flows.forEach((key, flow) -> table.write(key, flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout()));
        int grown = table.cellCount();
        List<FlowKey> keys = new ArrayList<>(flows.keySet());
        // Every MAC but every fiftieth ages out (both its entries, one chain), scattered over the arrays.
        List<FlowKey> kept = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).mac().mac() % 50 == 0) {
                kept.add(keys.get(i));
            } else {
                table.remove(keys.get(i));
            }
        }

        assertThat(table.cellCount()).isLessThanOrEqualTo(grown / 8);
        assertThat(table.size()).isEqualTo(kept.size());
        Map<FlowKey, InstalledSwitch.Flow> held = held(table);
        for (FlowKey key : kept) {
            InstalledSwitch.Flow flow = held.get(key);
            assertThat(flow).as(key.toString()).isNotNull();
            assertThat(flow.cookie()).isEqualTo(flows.get(key).getCookie());
            assertThat(flow.instructions()).isEqualTo(flows.get(key).getInstructions());
            assertThat(table.keysOf(Set.of(key.mac()))).contains(key);
        }
        List<FlowKey> listed = new ArrayList<>();
        table.forEach((key, flow) -> listed.add(key));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void theArraysTakeAPowerOfTwoBytesHeaderIncludedAsTheyGrowAndShrink() {
        Map<FlowKey, OFFlowAdd> flows = macs(50_000);
        MacFlowTable table = new MacFlowTable();
        List<Integer> capacities = new ArrayList<>();
        flows.forEach((key, flow) -> {
            table.write(key, flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout());
            capacities.add(table.cellCount());
        });
        flows.keySet().forEach(key -> {
            table.remove(key);
            capacities.add(table.cellCount());
        });

        assertThat(capacities.stream().distinct().count()).isGreaterThan(10);
        // 16 entries of headroom: the array of longs, header included, takes at most a power of two bytes.
        assertThat(capacities).allSatisfy(capacity -> assertThat(Integer.bitCount(capacity + 16)).isEqualTo(1));
    }

    @Test
    void aShrunkTableTakesNewEntriesAgain() {
        Map<FlowKey, OFFlowAdd> flows = macs(2_000);
        MacFlowTable table = new MacFlowTable();
        flows.forEach((key, flow) -> table.write(key, flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout()));
        flows.keySet().forEach(table::remove);

        flows.forEach((key, flow) -> table.write(key, flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout()));

        assertThat(table.size()).isEqualTo(flows.size());
        Map<FlowKey, InstalledSwitch.Flow> held = held(table);
        flows.keySet().forEach(key -> assertThat(held.get(key)).as(key.toString()).isNotNull());
    }

    @Test
    void remoteEntriesAloneTakeNoPlaceInTheArrayAndAreListedWithEveryField() {
        Map<FlowKey, OFFlowAdd> flows = new HashMap<>();
        for (int tunnel = 1; tunnel <= 3; tunnel++) {
            flows.putAll(remote(VNI, 10_000 * tunnel, 10_000, tunnel));
        }
        MacFlowTable table = new MacFlowTable();

        flows.forEach((key, flow) -> assertThat(write(table, flow)).isEqualTo(InstalledSwitch.Change.ADD));

        assertThat(table.cellCount()).as("array never grown").isEqualTo(ArrayCapacity.INITIAL);
        assertThat(table.size()).isEqualTo(30_000);
        assertThat(table.instructionLists()).isEqualTo(3);
        Map<FlowKey, InstalledSwitch.Flow> held = held(table);
        assertThat(held).hasSize(30_000);
        flows.forEach((key, flow) -> assertThat(held.get(key)).as(key.toString())
                .isEqualTo(new InstalledSwitch.Flow(flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout())));
        FlowKey some = flows.keySet().iterator().next();
        assertThat(table.keysOf(Set.of(some.mac()))).containsExactly(some);
    }

    @Test
    void aRemoteEntryWrittenAgainNeedsNothingOrAModifyAndIsHeldOnce() {
        OFFlowAdd viaOne = remote(VNI, 7, 1, 1).values().iterator().next();
        OFFlowAdd viaTwo = remote(VNI, 7, 1, 2).values().iterator().next();
        MacFlowTable table = new MacFlowTable();

        assertThat(write(table, viaOne)).isEqualTo(InstalledSwitch.Change.ADD);
        assertThat(write(table, viaOne)).isEqualTo(InstalledSwitch.Change.NONE);
        assertThat(write(table, viaTwo)).isEqualTo(InstalledSwitch.Change.MODIFY);

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.instructionLists()).as("tunnel 1's list let go").isEqualTo(1);
        assertThat(held(table).values()).extracting(InstalledSwitch.Flow::instructions)
                .containsExactly(viaTwo.getInstructions());
    }

    @Test
    void aMacMovingHereKeepsItsRemoteEntryBesideItsNewEntriesUntilTheRemoteOneIsRemoved() {
        Map.Entry<FlowKey, OFFlowAdd> remoteEntry = remote(VNI, 0x3000, 1, 9).entrySet().iterator().next();
        Map<FlowKey, OFFlowAdd> local = macs(1);
        MacFlowTable table = new MacFlowTable();
        write(table, remoteEntry.getValue());

        local.values().forEach(flow -> assertThat(write(table, flow)).isEqualTo(InstalledSwitch.Change.ADD));

        Map<FlowKey, OFFlowAdd> all = new HashMap<>(local);
        all.put(remoteEntry.getKey(), remoteEntry.getValue());
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.keysOf(Set.of(remoteEntry.getKey().mac()))).containsExactlyInAnyOrderElementsOf(all.keySet());
        assertHolds(table, all);

        table.remove(remoteEntry.getKey());

        assertThat(table.size()).isEqualTo(2);
        assertHolds(table, local);
        assertThat(table.flow(remoteEntry.getKey())).as("the removed remote entry, looked up").isNull();
        local.keySet().forEach(table::remove);
        assertThat(table.size()).isZero();
        assertThat(table.keysOf(Set.of(remoteEntry.getKey().mac()))).isEmpty();
    }

    @Test
    void macsThatMovedAwayKeepTheirRemoteEntriesInTheIndexOnceTheirStaleEntriesAreGone() {
        Map<FlowKey, OFFlowAdd> local = macs(5_000);
        Map<FlowKey, OFFlowAdd> remote = remote(VNI, 0x3000, 5_000, 9);
        MacFlowTable table = new MacFlowTable();
        local.values().forEach(flow -> write(table, flow));
        remote.values().forEach(flow -> write(table, flow));
        int grown = table.cellCount();

        local.keySet().forEach(table::remove);

        assertThat(table.size()).isEqualTo(5_000);
        assertThat(table.cellCount()).as("array given back").isLessThanOrEqualTo(grown / 8);
        assertHolds(table, remote);
        Map.Entry<FlowKey, OFFlowAdd> some = remote.entrySet().iterator().next();
        assertThat(write(table, some.getValue())).isEqualTo(InstalledSwitch.Change.NONE);
        table.remove(some.getKey());
        assertThat(table.keysOf(Set.of(some.getKey().mac()))).isEmpty();
    }

    @Test
    void theSameRemoteMacInNetworksWhoseVnisShareTheirLow16BitsIsKeptApart() {
        Vni other = Vni.of(VNI.value() + 65_536);
        Map.Entry<FlowKey, OFFlowAdd> first = remote(VNI, 7, 1, 1).entrySet().iterator().next();
        Map.Entry<FlowKey, OFFlowAdd> second = remote(other, 7, 1, 2).entrySet().iterator().next();
        MacFlowTable table = new MacFlowTable();
        write(table, first.getValue());

        table.remove(second.getKey());
        assertThat(table.size()).as("another network's key removes nothing").isEqualTo(1);
        assertThat(table.flow(second.getKey())).as("another network's key finds nothing").isNull();
        assertThat(write(table, second.getValue())).isEqualTo(InstalledSwitch.Change.ADD);

        assertThat(table.keysOf(Set.of(first.getKey().mac()))).containsExactly(first.getKey());
        assertThat(table.keysOf(Set.of(second.getKey().mac()))).containsExactly(second.getKey());
        table.remove(first.getKey());
        assertHolds(table, Map.of(second.getKey(), second.getValue()));
    }

    @Test
    void aRemoteEntryWithAnotherCookieIsHeldWithItsOwnFieldsAndRewrittenByAnAdd() {
        OFFlowAdd ours = remote(VNI, 7, 1, 1).values().iterator().next();
        OFFlowAdd edited = ours.createBuilder().setCookie(U64.of(ours.getCookie().getValue() + 1)).build();
        MacFlowTable table = new MacFlowTable();

        write(table, edited);
        assertThat(held(table).values()).extracting(InstalledSwitch.Flow::cookie).containsExactly(edited.getCookie());

        assertThat(write(table, ours)).isEqualTo(InstalledSwitch.Change.ADD);
        assertThat(table.size()).isEqualTo(1);
        assertThat(held(table).values()).extracting(InstalledSwitch.Flow::cookie).containsExactly(ours.getCookie());
    }

    private static InstalledSwitch.Change write(MacFlowTable table, OFFlowAdd flow) {
        FlowKey key = new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch());
        return table.write(key, flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout());
    }

    /** Exactly {@code flows}, as listed and as looked up one by one. */
    private static void assertHolds(MacFlowTable table, Map<FlowKey, OFFlowAdd> flows) {
        Map<FlowKey, InstalledSwitch.Flow> held = held(table);
        assertThat(held.keySet()).containsExactlyInAnyOrderElementsOf(flows.keySet());
        flows.forEach((key, flow) -> {
            InstalledSwitch.Flow expected = new InstalledSwitch.Flow(flow.getCookie(), flow.getInstructions(),
                    flow.getIdleTimeout());
            assertThat(held.get(key)).as("listed: %s", key).isEqualTo(expected);
            assertThat(table.flow(key)).as("looked up: %s", key).isEqualTo(expected);
        });
    }

    private static Map<FlowKey, InstalledSwitch.Flow> held(MacFlowTable table) {
        Map<FlowKey, InstalledSwitch.Flow> held = new HashMap<>();
        table.forEach(held::put);
        return held;
    }

    /** The remote entries of {@code count} MACs from {@code first} on, through one tunnel port. */
    private Map<FlowKey, OFFlowAdd> remote(Vni vni, long first, int count, int tunnel) {
        List<MacAddress> macs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            macs.add(new MacAddress(0x0200_0000_0000L + first + i));
        }
        return pass.flows(List.of(), List.of(new SwitchContext.RemoteMacs(vni, macs, OFPort.of(tunnel)))).flows();
    }

    /** {@code count} MACs learned on ports 1..4: a source and a destination entry each. */
    private Map<FlowKey, OFFlowAdd> macs(int count) {
        List<SwitchContext.MacRoute> routes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            routes.add(new SwitchContext.LocalMac(VNI, new MacAddress(0x0200_0000_3000L + i), OFPort.of(1 + i % 4), 0,
                    true));
        }
        return pass.flows(routes, List.of()).flows();
    }
}

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
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
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

    private static Map<FlowKey, InstalledSwitch.Flow> held(MacFlowTable table) {
        Map<FlowKey, InstalledSwitch.Flow> held = new HashMap<>();
        table.forEach(held::put);
        return held;
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

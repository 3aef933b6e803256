package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.U64;

/**
 * What the manager believes one switch holds of its own (flows with our cookie, groups in our id space): read from
 * the switch on connect, then kept up to date with every batch sent and every flow the switch reports removed.
 * Confined to the southbound's thread.
 *
 * <p>Source and destination entries, nearly all of a switch's flows, are kept by the MAC they are for, one to three
 * per MAC (its source entry where it was learned, its destination entry, a second source entry for a moment while
 * it moves). A learn then costs one lookup in a table of MACs rather than several in a table of every flow, which at
 * a million MACs was the learning path's largest cost (cache misses and rehashing).
 */
public final class InstalledSwitch {

    /** The parts of a flow that a reconcile compares. */
    public record Flow(U64 cookie, List<OFInstruction> instructions, int idleTimeout) {
    }

    private record Entry(FlowKey key, Flow flow) {
    }

    /** Flows for no one MAC (classifier, misses, floods, ARP): a few per network. */
    private final Map<FlowKey, Flow> others = new HashMap<>();
    private final Map<PipelineSpec.MacKey, List<Entry>> byMac = new HashMap<>();
    private final Map<OFGroup, List<OFBucket>> groups = new HashMap<>();
    private int macFlows;

    public static InstalledSwitch read(List<OFFlowStatsEntry> flowStats, List<OFGroupDescStatsEntry> groupStats) {
        InstalledSwitch installed = new InstalledSwitch();
        for (OFFlowStatsEntry flow : flowStats) {
            if (PipelineSpec.isOurs(flow.getCookie())) {
                installed.put(new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch()),
                        new Flow(flow.getCookie(), flow.getInstructions(), flow.getIdleTimeout()));
            }
        }
        for (OFGroupDescStatsEntry group : groupStats) {
            if (PipelineSpec.isOurGroup(group.getGroup())) {
                installed.groups.put(group.getGroup(), group.getBuckets());
            }
        }
        return installed;
    }

    /** The flow the switch holds under this identity, or null. */
    public Flow get(FlowKey key) {
        if (key.mac() == null) {
            return others.get(key);
        }
        List<Entry> entries = byMac.get(key.mac());
        int index = entries == null ? -1 : indexOf(entries, key);
        return index < 0 ? null : entries.get(index).flow();
    }

    /** Every flow, for a whole-switch reconcile and for reading learned MACs back after a restart. */
    public void forEach(BiConsumer<FlowKey, Flow> action) {
        others.forEach(action);
        byMac.values().forEach(entries -> entries.forEach(entry -> action.accept(entry.key(), entry.flow())));
    }

    public int flowCount() {
        return others.size() + macFlows;
    }

    Map<OFGroup, List<OFBucket>> groups() {
        return groups;
    }

    /** Records a flow-mod the switch accepted; {@code key} is its table, priority and match. */
    void applied(FlowKey key, OFFlowMod mod, boolean delete) {
        if (delete) {
            remove(key);
        } else {
            put(key, new Flow(mod.getCookie(), mod.getInstructions(), mod.getIdleTimeout()));
        }
    }

    void applied(OFGroupMod mod, boolean delete) {
        if (delete) {
            groups.remove(mod.getGroup());
        } else {
            groups.put(mod.getGroup(), mod.getBuckets());
        }
    }

    /** The switch expired or deleted a flow by itself (idle timeout). */
    public void removed(OFFlowRemoved removed) {
        remove(new FlowKey(removed.getTableId(), removed.getPriority(), removed.getMatch()));
    }

    /** The identities of the flows that exist for {@code mac}, as a copy. */
    List<FlowKey> flowsOf(PipelineSpec.MacKey mac) {
        List<Entry> entries = byMac.getOrDefault(mac, List.of());
        List<FlowKey> keys = new ArrayList<>(entries.size());
        entries.forEach(entry -> keys.add(entry.key()));
        return keys;
    }

    /** A MAC's flow is kept under its compact key: the switch may hold a million of them. */
    private void put(FlowKey key, Flow flow) {
        if (key.mac() == null) {
            others.put(key, flow);
            return;
        }
        List<Entry> entries = byMac.computeIfAbsent(key.mac(), mac -> new ArrayList<>(2));
        int index = indexOf(entries, key);
        if (index < 0) {
            entries.add(new Entry(key.compact(), flow));
            macFlows++;
        } else {
            entries.set(index, new Entry(entries.get(index).key(), flow));
        }
    }

    private void remove(FlowKey key) {
        if (key.mac() == null) {
            others.remove(key);
            return;
        }
        List<Entry> entries = byMac.get(key.mac());
        int index = entries == null ? -1 : indexOf(entries, key);
        if (index >= 0) {
            entries.remove(index);
            macFlows--;
            if (entries.isEmpty()) {
                byMac.remove(key.mac());
            }
        }
    }

    private static int indexOf(List<Entry> entries, FlowKey key) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}

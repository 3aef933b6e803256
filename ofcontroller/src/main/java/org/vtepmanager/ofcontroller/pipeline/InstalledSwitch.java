package org.vtepmanager.ofcontroller.pipeline;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
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
 * a million MACs was the learning path's largest cost (cache misses and rehashing). Each such flow is one object
 * chained to the MAC's others, not a list, an entry, a key's fields and a flow record: a switch may hold a million,
 * and every one the learning path adds is copied by the young collector before it settles. The table of MACs is
 * fastutil's open-addressing map keyed by a primitive long: a lookup reads one slot of an array rather than a bucket,
 * an entry object and a key object, each a cache miss at that size, and a MAC costs no entry object.
 */
public final class InstalledSwitch {

    /** The parts of a flow that a reconcile compares. */
    public record Flow(U64 cookie, List<OFInstruction> instructions, int idleTimeout) {
    }

    /** One source or destination entry the switch holds, and the next of the same MAC's. */
    private static final class MacFlow {
        final FlowKey key;
        long cookie;
        List<OFInstruction> instructions;
        int idleTimeout;
        MacFlow next;

        MacFlow(FlowKey key, Flow flow, MacFlow next) {
            this.key = key;
            this.next = next;
            set(flow);
        }

        void set(Flow flow) {
            cookie = flow.cookie().getValue();
            instructions = flow.instructions();
            idleTimeout = flow.idleTimeout();
        }

        Flow flow() {
            return new Flow(U64.of(cookie), instructions, idleTimeout);
        }
    }

    /** Flows for no one MAC (classifier, misses, floods, ARP): a few per network. */
    private final Map<FlowKey, Flow> others = new HashMap<>();
    /** The first of each MAC's flows, by {@link #slot}: a million of them without an entry and a key object each. */
    private final Long2ObjectOpenHashMap<MacFlow> byMac = new Long2ObjectOpenHashMap<>();
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
        MacFlow held = find(byMac.get(slot(key.mac())), key);
        return held == null ? null : held.flow();
    }

    /** Every flow, for a whole-switch reconcile and for reading learned MACs back after a restart. */
    public void forEach(BiConsumer<FlowKey, Flow> action) {
        others.forEach(action);
        for (MacFlow first : byMac.values()) {
            for (MacFlow held = first; held != null; held = held.next) {
                action.accept(held.key, held.flow());
            }
        }
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
        List<FlowKey> keys = new ArrayList<>(2);
        for (MacFlow held = byMac.get(slot(mac)); held != null; held = held.next) {
            if (held.key.mac().equals(mac)) {
                keys.add(held.key);
            }
        }
        return keys;
    }

    /** A MAC's flow is kept under its compact key: the switch may hold a million of them. */
    private void put(FlowKey key, Flow flow) {
        if (key.mac() == null) {
            others.put(key, flow);
            return;
        }
        // A learn's flow is nearly always its MAC's first on this switch: then one probe of the table adds it.
        long slot = slot(key.mac());
        MacFlow added = new MacFlow(key.compact(), flow, null);
        MacFlow first = byMac.putIfAbsent(slot, added);
        if (first != null) {
            MacFlow held = find(first, key);
            if (held != null) {
                held.set(flow);
                return;
            }
            added.next = first;
            byMac.put(slot, added);
        }
        macFlows++;
    }

    private void remove(FlowKey key) {
        if (key.mac() == null) {
            others.remove(key);
            return;
        }
        long slot = slot(key.mac());
        MacFlow previous = null;
        for (MacFlow held = byMac.get(slot); held != null; previous = held, held = held.next) {
            if (held.key.equals(key)) {
                if (previous != null) {
                    previous.next = held.next;
                } else if (held.next != null) {
                    byMac.put(slot, held.next);
                } else {
                    byMac.remove(slot);
                }
                macFlows--;
                return;
            }
        }
    }

    /**
     * A MAC and its network as one long: the MAC's 48 bits, and above them the VNI's low 16. The same MAC in two
     * networks whose VNIs agree in those bits shares a chain, whose flows' keys tell the two apart.
     */
    private static long slot(PipelineSpec.MacKey mac) {
        return mac.mac() | ((long) mac.vni() << 48);
    }

    private static MacFlow find(MacFlow first, FlowKey key) {
        for (MacFlow held = first; held != null; held = held.next) {
            if (held.key.equals(key)) {
                return held;
            }
        }
        return null;
    }
}

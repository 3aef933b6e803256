package org.vtepmanager.ofcontroller.pipeline;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.mac.ArrayCapacity;

/**
 * The source and destination entries one switch holds, nearly all of its flows, in parallel primitive arrays: each
 * entry's key fields, cookie, idle timeout and instruction list (by number, {@link InstructionPool}), chained to the
 * other entries of its MAC, whose first is found through a {@link MacChainIndex}.
 *
 * <p>Why no object per entry: the young collector scans every card of an old object into which a reference to a new
 * object was written. With an object per entry referenced from the switch's table, each learn dirtied a card in the
 * table of every switch of its network; at 16 switches in one network, scanning those cards was most of every young
 * pause, and a benchmark run that kept no entries at all learned 2.7 times as fast. Here a learn writes numbers.
 * The arrays grow by doubling (see {@link ArrayCapacity}) and, unlike objects, are not collected when entries go,
 * so they shrink by half when three quarters stand empty. Confined to the southbound's thread, as its
 * {@link InstalledSwitch}.
 */
final class MacFlowTable {

    private static final int NONE = MacChainIndex.NONE;

    /** The first entry of each MAC, by {@link #slot}. */
    private final MacChainIndex firstBySlot = new MacChainIndex();
    private final InstructionPool instructionLists = new InstructionPool();

    private long[] macs = new long[ArrayCapacity.INITIAL];
    private long[] metadata = new long[ArrayCapacity.INITIAL];
    private long[] metadataMasks = new long[ArrayCapacity.INITIAL];
    private long[] cookies = new long[ArrayCapacity.INITIAL];
    private byte[] tables = new byte[ArrayCapacity.INITIAL];
    private int[] priorities = new int[ArrayCapacity.INITIAL];
    /** Whether the entry matches an in_port (a destination entry does not), and which. */
    private boolean[] matchesInPort = new boolean[ArrayCapacity.INITIAL];
    private int[] inPorts = new int[ArrayCapacity.INITIAL];
    private int[] idleTimeouts = new int[ArrayCapacity.INITIAL];
    private int[] instructions = new int[ArrayCapacity.INITIAL];
    /** The MAC's next entry; for a free index, the next free one. */
    private int[] next = new int[ArrayCapacity.INITIAL];

    private int used;
    private int firstFree = NONE;
    private int size;

    int size() {
        return size;
    }

    /**
     * Records the entry, and says what the switch must be sent for it: nothing when an entry with the same key, cookie,
     * idle timeout and instructions is held (their pooled numbers are equal exactly when the lists are). A learn's
     * entry is nearly always its MAC's first on this switch, so it is allocated before it is looked up: then one probe
     * of the map both finds it absent and adds it.
     */
    InstalledSwitch.Change write(FlowKey key, U64 cookie, List<OFInstruction> instructionList, int idleTimeout) {
        long slot = slot(key.mac());
        int added = allocate(key, cookie.getValue(), instructionList, idleTimeout);
        int first = firstBySlot.putIfAbsent(slot, added);
        if (first == NONE) {
            return InstalledSwitch.Change.ADD;
        }
        int held = find(first, key);
        if (held == NONE) {
            next[added] = first;
            firstBySlot.replace(slot, added);
            return InstalledSwitch.Change.ADD;
        }
        InstalledSwitch.Change change = cookies[held] != cookies[added] || idleTimeouts[held] != idleTimeouts[added]
                ? InstalledSwitch.Change.ADD
                : instructions[held] != instructions[added] ? InstalledSwitch.Change.MODIFY
                        : InstalledSwitch.Change.NONE;
        instructionLists.release(instructions[held]);
        cookies[held] = cookies[added];
        idleTimeouts[held] = idleTimeouts[added];
        instructions[held] = instructions[added];
        free(added);
        return change;
    }

    void remove(FlowKey key) {
        long slot = slot(key.mac());
        int previous = NONE;
        for (int entry = firstBySlot.get(slot); entry != NONE; previous = entry, entry = next[entry]) {
            if (matches(entry, key)) {
                if (previous != NONE) {
                    next[previous] = next[entry];
                } else if (next[entry] != NONE) {
                    firstBySlot.replace(slot, next[entry]);
                } else {
                    firstBySlot.remove(slot);
                }
                instructionLists.release(instructions[entry]);
                free(entry);
                shrinkIfSparse();
                return;
            }
        }
    }

    /** The keys of the entries held for {@code mac}, as a copy. */
    List<FlowKey> keysOf(PipelineSpec.MacKey mac) {
        List<FlowKey> keys = new ArrayList<>(2);
        for (int entry = firstBySlot.get(slot(mac)); entry != NONE; entry = next[entry]) {
            if (macs[entry] == mac.mac() && vni(entry) == mac.vni()) {
                keys.add(key(entry));
            }
        }
        return keys;
    }

    void forEach(BiConsumer<FlowKey, InstalledSwitch.Flow> action) {
        firstBySlot.forEachFirst(first -> {
            for (int entry = first; entry != NONE; entry = next[entry]) {
                action.accept(key(entry), flow(entry));
            }
        });
    }

    /** Distinct instruction lists the entries use. */
    int instructionLists() {
        return instructionLists.size();
    }

    /**
     * A MAC and its network as one long: the MAC's 48 bits, and above them the VNI's low 16. The same MAC in two
     * networks whose VNIs agree in those bits shares a chain, whose entries' keys tell the two apart.
     */
    private static long slot(PipelineSpec.MacKey mac) {
        return mac.mac() | ((long) mac.vni() << 48);
    }

    private int find(int first, FlowKey key) {
        for (int entry = first; entry != NONE; entry = next[entry]) {
            if (matches(entry, key)) {
                return entry;
            }
        }
        return NONE;
    }

    private boolean matches(int entry, FlowKey key) {
        OFPort inPort = key.inPort();
        return macs[entry] == key.mac().mac() && metadata[entry] == key.metadata()
                && metadataMasks[entry] == key.metadataMask() && table(entry) == key.table().getValue()
                && priorities[entry] == key.priority()
                && (inPort == null ? !matchesInPort[entry]
                        : matchesInPort[entry] && inPorts[entry] == inPort.getPortNumber());
    }

    private int vni(int entry) {
        return (int) (metadata[entry] & PipelineSpec.VNI_MASK);
    }

    private int table(int entry) {
        return tables[entry] & 0xFF;
    }

    private FlowKey key(int entry) {
        return FlowKey.compactMacEntry(TableId.of(table(entry)), priorities[entry],
                matchesInPort[entry] ? OFPort.of(inPorts[entry]) : null, metadata[entry], metadataMasks[entry],
                macs[entry]);
    }

    private InstalledSwitch.Flow flow(int entry) {
        return new InstalledSwitch.Flow(U64.of(cookies[entry]), instructionLists.get(instructions[entry]),
                idleTimeouts[entry]);
    }

    private int allocate(FlowKey key, long cookie, List<OFInstruction> instructionList, int idleTimeout) {
        int entry = firstFree;
        if (entry != NONE) {
            firstFree = next[entry];
        } else {
            if (used == macs.length) {
                resize(ArrayCapacity.grown(macs.length));
            }
            entry = used++;
        }
        OFPort inPort = key.inPort();
        macs[entry] = key.mac().mac();
        metadata[entry] = key.metadata();
        metadataMasks[entry] = key.metadataMask();
        cookies[entry] = cookie;
        tables[entry] = (byte) key.table().getValue();
        priorities[entry] = key.priority();
        matchesInPort[entry] = inPort != null;
        inPorts[entry] = inPort == null ? 0 : inPort.getPortNumber();
        idleTimeouts[entry] = idleTimeout;
        instructions[entry] = instructionLists.acquire(instructionList);
        next[entry] = NONE;
        size++;
        return entry;
    }

    /** Returns an entry's index to the free list; its instruction list is the caller's to release. */
    private void free(int entry) {
        next[entry] = firstFree;
        firstFree = entry;
        size--;
    }

    /**
     * Gives memory back once a quarter of the arrays is in use (a mass aging after a burst of MACs): every entry is
     * moved below {@code size}, into the free places there, and the arrays are cut to half.
     */
    private void shrinkIfSparse() {
        if (macs.length <= ArrayCapacity.INITIAL || size >= macs.length / 4) {
            return;
        }
        IntArrayList holes = new IntArrayList();
        for (int free = firstFree; free != NONE; free = next[free]) {
            if (free < size) {
                holes.add(free);
            }
        }
        firstBySlot.updateFirsts(first -> compacted(first, holes));
        used = size;
        firstFree = NONE;
        resize(ArrayCapacity.halved(macs.length));
    }

    /** Moves the chain's entries at or above {@code size} into holes below it; returns where the chain starts. */
    private int compacted(int first, IntArrayList holes) {
        int head = first;
        int previous = NONE;
        for (int entry = first; entry != NONE; previous = entry, entry = next[entry]) {
            if (entry >= size) {
                int to = holes.popInt();
                move(entry, to);
                if (previous == NONE) {
                    head = to;
                } else {
                    next[previous] = to;
                }
                entry = to;
            }
        }
        return head;
    }

    private void move(int from, int to) {
        macs[to] = macs[from];
        metadata[to] = metadata[from];
        metadataMasks[to] = metadataMasks[from];
        cookies[to] = cookies[from];
        tables[to] = tables[from];
        priorities[to] = priorities[from];
        matchesInPort[to] = matchesInPort[from];
        inPorts[to] = inPorts[from];
        idleTimeouts[to] = idleTimeouts[from];
        instructions[to] = instructions[from];
        next[to] = next[from];
    }

    private void resize(int capacity) {
        macs = Arrays.copyOf(macs, capacity);
        metadata = Arrays.copyOf(metadata, capacity);
        metadataMasks = Arrays.copyOf(metadataMasks, capacity);
        cookies = Arrays.copyOf(cookies, capacity);
        tables = Arrays.copyOf(tables, capacity);
        priorities = Arrays.copyOf(priorities, capacity);
        inPorts = Arrays.copyOf(inPorts, capacity);
        matchesInPort = Arrays.copyOf(matchesInPort, capacity);
        idleTimeouts = Arrays.copyOf(idleTimeouts, capacity);
        instructions = Arrays.copyOf(instructions, capacity);
        next = Arrays.copyOf(next, capacity);
    }

    /** How many entries the arrays have room for. */
    int capacity() {
        return macs.length;
    }
}

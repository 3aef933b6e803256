package org.vtepmanager.ofcontroller.pipeline;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.mac.ArrayCapacity;
import org.vtepmanager.core.mac.IntPair;

/**
 * The source and destination entries one switch holds, nearly all of its flows, packed in one array of longs, seven
 * per entry: its key fields, cookie, idle timeout and instruction list (by number, {@link InstructionPool}), and the
 * next entry of its MAC, whose first is found through a {@link MacChainIndex}.
 *
 * <p>Why no object per entry: the young collector scans every card of an old object into which a reference to a new
 * object was written. With an object per entry referenced from the switch's table, each learn dirtied a card in the
 * table of every switch of its network; at 16 switches in one network, scanning those cards was most of every young
 * pause, and a benchmark run that kept no entries at all learned 2.7 times as fast. Here a learn writes numbers.
 * The array grows by doubling (see {@link ArrayCapacity}) and, unlike objects, is not collected when entries go,
 * so it shrinks by half when three quarters stand empty. Confined to the southbound's thread, as its
 * {@link InstalledSwitch}.
 *
 * <p>Why a remote entry alone is kept in the index: in a network of N switches, each MAC has a remote entry on N-1
 * of them, and on nearly all it is the MAC's only entry there. All of its fields but the MAC, VNI and instruction
 * list are then known ({@link DestinationTable#isRemoteEntry}), so its index cell holds the VNI and the list's number
 * in place of a chain: 16 bytes rather than 72, and a learn writes one cache line of each switch's model, not two.
 * A MAC with other entries on the switch (learned there, moving) keeps them all in a chain, and its remote entry
 * goes back into the index cell once it is the chain's last.
 *
 * <p>Why one array rather than one per field: an entry's fields then share one or two cache lines, not eleven, and a
 * switch's table is one array, several times the size of any per-field one. G1 copies a surviving array at each
 * young collection until it is tenured, and a grown table's new array again, unless the array is "humongous" (half
 * a region or more), which is born old and never copied: at 64 switches, each with its own MACs, the per-field
 * arrays stayed below that size, and copying them was most of every young pause.
 */
final class MacFlowTable {

    /** No entry: the end of a chain, or of the free list. */
    private static final int NONE = -1;
    /** Words of an entry, and where each field lies in them. */
    private static final int STRIDE = 7;
    /** The MAC (48 bits), its table (8 bits) and whether it matches an in_port (a destination entry does not). */
    private static final int MAC_TABLE = 0;
    private static final int METADATA = 1;
    private static final int METADATA_MASK = 2;
    private static final int COOKIE = 3;
    /** The priority (low 32 bits) and the in_port it matches, if any (high 32). */
    private static final int PRIORITY_IN_PORT = 4;
    /** The idle timeout (low 32 bits) and the instruction list's number (high 32). */
    private static final int IDLE_INSTRUCTIONS = 5;
    /** The MAC's next entry; for a free index, the next free one. */
    private static final int NEXT = 6;
    private static final long MAC_BITS = 0xFFFF_FFFF_FFFFL;
    private static final long MATCHES_IN_PORT = 1L << 56;
    /**
     * A head with this bit is a remote entry kept in the index: its VNI in bits 32 to 55, its instruction list's
     * number in the low 32. A head without it is a chain's first entry plus one, so never {@link MacChainIndex#ABSENT}.
     */
    private static final long INLINE = Long.MIN_VALUE;

    /** Each MAC's head, by {@link #slot}. */
    private final MacChainIndex heads = new MacChainIndex();
    private final InstructionPool instructionLists = new InstructionPool();

    private long[] entries = new long[ArrayCapacity.INITIAL];

    private int used;
    private int firstFree = NONE;
    /** Entries held, in the index or the array. */
    private int size;
    /** Entries in the array. */
    private int inArray;

    int size() {
        return size;
    }

    /**
     * Records the entry, and says what the switch must be sent for it: nothing when an entry with the same key, cookie,
     * idle timeout and instructions is held (their pooled numbers are equal exactly when the lists are). A learn's
     * entry is nearly always its MAC's first on this switch, so its head is made before it is looked up: then one
     * probe of the index both finds it absent and adds it.
     */
    InstalledSwitch.Change write(FlowKey key, U64 cookie, List<OFInstruction> instructionList, int idleTimeout) {
        long slot = slot(key.mac());
        int instructions = instructionLists.acquire(instructionList);
        if (DestinationTable.isRemoteEntry(key, cookie.getValue(), idleTimeout)) {
            return writeRemote(slot, key, instructions);
        }
        int added = allocate(key, cookie.getValue(), instructions, idleTimeout);
        long head = heads.putIfAbsent(slot, chainHead(added));
        if (head == MacChainIndex.ABSENT) {
            size++;
            return InstalledSwitch.Change.ADD;
        }
        return writeIntoChain(slot, firstEntry(slot, head), key, added);
    }

    private InstalledSwitch.Change writeRemote(long slot, FlowKey key, int instructions) {
        long inline = inlineHead(key.metadata(), instructions);
        long head = heads.putIfAbsent(slot, inline);
        if (head == MacChainIndex.ABSENT) {
            size++;
            return InstalledSwitch.Change.ADD;
        }
        if (isInline(head) && inlineVni(head) == key.metadata()) {
            heads.replace(slot, inline);
            instructionLists.release(inlineInstructions(head));
            return inlineInstructions(head) == instructions ? InstalledSwitch.Change.NONE
                    : InstalledSwitch.Change.MODIFY;
        }
        int added = allocate(key, DestinationTable.remoteEntryCookie(key.metadata()), instructions, 0);
        return writeIntoChain(slot, firstEntry(slot, head), key, added);
    }

    /** Records {@code added}, an entry of {@code key}, in the MAC's chain: as a new entry, or over the one held. */
    private InstalledSwitch.Change writeIntoChain(long slot, int first, FlowKey key, int added) {
        int held = find(first, key);
        if (held == NONE) {
            setNext(added, first);
            heads.replace(slot, chainHead(added));
            size++;
            return InstalledSwitch.Change.ADD;
        }
        InstalledSwitch.Change change = cookie(held) != cookie(added) || idleTimeout(held) != idleTimeout(added)
                ? InstalledSwitch.Change.ADD
                : instructions(held) != instructions(added) ? InstalledSwitch.Change.MODIFY
                        : InstalledSwitch.Change.NONE;
        instructionLists.release(instructions(held));
        entries[STRIDE * held + COOKIE] = entries[STRIDE * added + COOKIE];
        entries[STRIDE * held + IDLE_INSTRUCTIONS] = entries[STRIDE * added + IDLE_INSTRUCTIONS];
        free(added);
        return change;
    }

    /**
     * The first entry of the chain {@code head} starts; a remote entry kept in the index is first moved into the
     * array, as the chain's one entry, so that another entry of its MAC can join it.
     */
    private int firstEntry(long slot, long head) {
        if (!isInline(head)) {
            return (int) (head - 1);
        }
        long vni = inlineVni(head);
        int entry = allocate(remoteEntryKey(slot, vni), DestinationTable.remoteEntryCookie(vni),
                inlineInstructions(head), 0);
        heads.replace(slot, chainHead(entry));
        return entry;
    }

    /** The entry with {@code key}, or null. */
    InstalledSwitch.Flow flow(FlowKey key) {
        long head = heads.get(slot(key.mac()));
        if (head == MacChainIndex.ABSENT) {
            return null;
        }
        if (isInline(head)) {
            return isInlineEntry(head, key) ? inlineFlow(head) : null;
        }
        int entry = find((int) (head - 1), key);
        return entry == NONE ? null : flow(entry);
    }

    void remove(FlowKey key) {
        long slot = slot(key.mac());
        long head = heads.get(slot);
        if (head == MacChainIndex.ABSENT) {
            return;
        }
        if (isInline(head)) {
            if (isInlineEntry(head, key)) {
                heads.remove(slot);
                instructionLists.release(inlineInstructions(head));
                size--;
            }
            return;
        }
        int previous = NONE;
        for (int entry = (int) (head - 1); entry != NONE; previous = entry, entry = next(entry)) {
            if (matches(entry, key)) {
                if (previous != NONE) {
                    setNext(previous, next(entry));
                } else if (next(entry) != NONE) {
                    heads.replace(slot, chainHead(next(entry)));
                } else {
                    heads.remove(slot);
                }
                instructionLists.release(instructions(entry));
                free(entry);
                size--;
                inlineIfAlone(slot);
                shrinkIfSparse();
                return;
            }
        }
    }

    /**
     * Moves a MAC's last entry back into its index cell if it is a remote entry: a MAC that moved away from this
     * switch leaves its remote entry alone once its stale entries are gone.
     */
    private void inlineIfAlone(long slot) {
        long head = heads.get(slot);
        if (head == MacChainIndex.ABSENT || isInline(head)) {
            return;
        }
        int entry = (int) (head - 1);
        if (next(entry) != NONE
                || !DestinationTable.isRemoteEntry(key(entry), cookie(entry), idleTimeout(entry))) {
            return;
        }
        heads.replace(slot, inlineHead(metadata(entry), instructions(entry)));
        free(entry);
    }

    /**
     * The keys of the entries held for {@code macs}, as a copy. Every chain is looked up before any is walked
     * ({@link MacChainIndex#getAll} says why): a pass asks each switch of a network for all of its MACs at once.
     */
    List<FlowKey> keysOf(Collection<PipelineSpec.MacKey> macs) {
        PipelineSpec.MacKey[] asked = macs.toArray(new PipelineSpec.MacKey[0]);
        long[] slots = new long[asked.length];
        for (int i = 0; i < asked.length; i++) {
            slots[i] = slot(asked[i]);
        }
        long[] found = new long[asked.length];
        heads.getAll(slots, found);
        List<FlowKey> keys = new ArrayList<>();
        for (int i = 0; i < asked.length; i++) {
            if (isInline(found[i])) {
                if (inlineVni(found[i]) == asked[i].vni()) {
                    keys.add(remoteEntryKey(slots[i], asked[i].vni()));
                }
                continue;
            }
            for (int entry = (int) (found[i] - 1); entry != NONE; entry = next(entry)) {
                if (mac(entry) == asked[i].mac() && vni(entry) == asked[i].vni()) {
                    keys.add(key(entry));
                }
            }
        }
        return keys;
    }

    void forEach(BiConsumer<FlowKey, InstalledSwitch.Flow> action) {
        heads.forEach((slot, head) -> {
            if (isInline(head)) {
                action.accept(remoteEntryKey(slot, inlineVni(head)), inlineFlow(head));
                return;
            }
            for (int entry = (int) (head - 1); entry != NONE; entry = next(entry)) {
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

    private static long chainHead(int first) {
        return first + 1L;
    }

    /** The head that holds a remote entry of network {@code vni} with instruction list {@code instructions}. */
    private static long inlineHead(long vni, int instructions) {
        return INLINE | vni << 32 | Integer.toUnsignedLong(instructions);
    }

    private static boolean isInline(long head) {
        return (head & INLINE) != 0;
    }

    /** Whether {@code key} names the remote entry an inline head holds. */
    private static boolean isInlineEntry(long head, FlowKey key) {
        return DestinationTable.isRemoteEntryKey(key) && key.metadata() == inlineVni(head);
    }

    /** The remote entry an inline head holds, as a flow. */
    private InstalledSwitch.Flow inlineFlow(long head) {
        return new InstalledSwitch.Flow(U64.of(DestinationTable.remoteEntryCookie(inlineVni(head))),
                instructionLists.get(inlineInstructions(head)), 0);
    }

    private static long inlineVni(long head) {
        return (head >>> 32) & PipelineSpec.VNI_MASK;
    }

    private static int inlineInstructions(long head) {
        return (int) head;
    }

    private static FlowKey remoteEntryKey(long slot, long vni) {
        return DestinationTable.remoteEntryKey(vni, slot & MAC_BITS);
    }

    private int find(int first, FlowKey key) {
        for (int entry = first; entry != NONE; entry = next(entry)) {
            if (matches(entry, key)) {
                return entry;
            }
        }
        return NONE;
    }

    private boolean matches(int entry, FlowKey key) {
        OFPort inPort = key.inPort();
        return mac(entry) == key.mac().mac() && metadata(entry) == key.metadata()
                && metadataMask(entry) == key.metadataMask() && table(entry) == key.table().getValue()
                && priority(entry) == key.priority()
                && (inPort == null ? !matchesInPort(entry)
                        : matchesInPort(entry) && inPort(entry) == inPort.getPortNumber());
    }

    private int vni(int entry) {
        return (int) (metadata(entry) & PipelineSpec.VNI_MASK);
    }

    private int table(int entry) {
        return (int) (entries[STRIDE * entry + MAC_TABLE] >>> 48) & 0xFF;
    }

    private FlowKey key(int entry) {
        return FlowKey.compactMacEntry(TableId.of(table(entry)), priority(entry),
                matchesInPort(entry) ? OFPort.of(inPort(entry)) : null, metadata(entry), metadataMask(entry),
                mac(entry));
    }

    private InstalledSwitch.Flow flow(int entry) {
        return new InstalledSwitch.Flow(U64.of(cookie(entry)), instructionLists.get(instructions(entry)),
                idleTimeout(entry));
    }

    /** Places an entry in the array; {@code instructions} is a number already acquired from the pool for it. */
    private int allocate(FlowKey key, long cookie, int instructions, int idleTimeout) {
        int entry = firstFree;
        if (entry != NONE) {
            firstFree = next(entry);
        } else {
            if (used == capacity()) {
                resize(ArrayCapacity.grown(entries.length));
            }
            entry = used++;
        }
        OFPort inPort = key.inPort();
        int at = STRIDE * entry;
        entries[at + MAC_TABLE] = key.mac().mac() | (long) key.table().getValue() << 48
                | (inPort == null ? 0 : MATCHES_IN_PORT);
        entries[at + METADATA] = key.metadata();
        entries[at + METADATA_MASK] = key.metadataMask();
        entries[at + COOKIE] = cookie;
        entries[at + PRIORITY_IN_PORT] = IntPair.of(key.priority(), inPort == null ? 0 : inPort.getPortNumber());
        entries[at + IDLE_INSTRUCTIONS] = IntPair.of(idleTimeout, instructions);
        setNext(entry, NONE);
        inArray++;
        return entry;
    }

    /** Returns an entry's index to the free list; its instruction list is the caller's to release. */
    private void free(int entry) {
        setNext(entry, firstFree);
        firstFree = entry;
        inArray--;
    }

    /**
     * Gives memory back once a quarter of the array is in use (a mass aging after a burst of MACs): every entry is
     * moved below {@code inArray}, into the free places there, and the array is cut to half.
     */
    private void shrinkIfSparse() {
        if (entries.length <= ArrayCapacity.INITIAL || inArray >= capacity() / 4) {
            return;
        }
        IntArrayList holes = new IntArrayList();
        for (int free = firstFree; free != NONE; free = next(free)) {
            if (free < inArray) {
                holes.add(free);
            }
        }
        heads.updateHeads(head -> isInline(head) ? head : chainHead(compacted((int) (head - 1), holes)));
        used = inArray;
        firstFree = NONE;
        resize(ArrayCapacity.halved(entries.length));
    }

    /** Moves the chain's entries at or above {@code inArray} into holes below it; returns where the chain starts. */
    private int compacted(int first, IntArrayList holes) {
        int head = first;
        int previous = NONE;
        for (int entry = first; entry != NONE; previous = entry, entry = next(entry)) {
            if (entry >= inArray) {
                int to = holes.popInt();
                move(entry, to);
                if (previous == NONE) {
                    head = to;
                } else {
                    setNext(previous, to);
                }
                entry = to;
            }
        }
        return head;
    }

    private void move(int from, int to) {
        System.arraycopy(entries, STRIDE * from, entries, STRIDE * to, STRIDE);
    }

    private void resize(int length) {
        entries = Arrays.copyOf(entries, length);
    }

    /** How many entries the array has room for. */
    private int capacity() {
        return entries.length / STRIDE;
    }

    /** The length of the one array, for tests of its sizing. */
    int cellCount() {
        return entries.length;
    }

    private long mac(int entry) {
        return entries[STRIDE * entry + MAC_TABLE] & MAC_BITS;
    }

    private boolean matchesInPort(int entry) {
        return (entries[STRIDE * entry + MAC_TABLE] & MATCHES_IN_PORT) != 0;
    }

    private long metadata(int entry) {
        return entries[STRIDE * entry + METADATA];
    }

    private long metadataMask(int entry) {
        return entries[STRIDE * entry + METADATA_MASK];
    }

    private long cookie(int entry) {
        return entries[STRIDE * entry + COOKIE];
    }

    private int priority(int entry) {
        return IntPair.low(entries[STRIDE * entry + PRIORITY_IN_PORT]);
    }

    private int inPort(int entry) {
        return IntPair.high(entries[STRIDE * entry + PRIORITY_IN_PORT]);
    }

    private int idleTimeout(int entry) {
        return IntPair.low(entries[STRIDE * entry + IDLE_INSTRUCTIONS]);
    }

    private int instructions(int entry) {
        return IntPair.high(entries[STRIDE * entry + IDLE_INSTRUCTIONS]);
    }

    private int next(int entry) {
        return (int) entries[STRIDE * entry + NEXT];
    }

    private void setNext(int entry, int next) {
        entries[STRIDE * entry + NEXT] = next;
    }
}

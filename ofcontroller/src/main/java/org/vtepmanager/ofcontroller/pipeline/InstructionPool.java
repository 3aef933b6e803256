package org.vtepmanager.ofcontroller.pipeline;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;

/**
 * The distinct instruction lists of one switch's MAC entries, each under a number, with a count of the entries that
 * use it: a switch holds a million entries but only as many distinct lists as it has (port, VLAN) and (tunnel, VNI)
 * pairs. A list no entry uses any more is dropped, so the pool does not grow with churn.
 *
 * <p>The pipeline hands out one list object per port and per tunnel ({@code DestinationTable}), so a list is looked
 * up first as that object, without hashing its instructions; an equal list that is another object (read back from
 * the switch) is found by equality.
 */
final class InstructionPool {

    private final Object2IntOpenHashMap<List<OFInstruction>> ids = new Object2IntOpenHashMap<>();
    /** The pooled list objects themselves. */
    private final IdentityHashMap<List<OFInstruction>, Integer> pooled = new IdentityHashMap<>();
    private final List<List<OFInstruction>> lists = new ArrayList<>();
    private final IntArrayList users = new IntArrayList();
    private final IntArrayList freeIds = new IntArrayList();
    /**
     * The list asked for last, and its number: a MAC pass writes each other VTEP's MACs as a run through one tunnel,
     * so a run's entries all share one list, and the identity map costs a cache miss per entry on a switch with many.
     */
    private List<OFInstruction> last;
    private int lastId;

    InstructionPool() {
        ids.defaultReturnValue(-1);
    }

    /** The number of {@code instructions}, counting one more user of it. */
    int acquire(List<OFInstruction> instructions) {
        int id = instructions == last ? lastId : idOf(instructions);
        if (id < 0) {
            id = freeIds.isEmpty() ? lists.size() : freeIds.popInt();
            if (id == lists.size()) {
                lists.add(instructions);
                users.add(0);
            } else {
                lists.set(id, instructions);
            }
            ids.put(instructions, id);
            pooled.put(instructions, id);
        }
        users.set(id, users.getInt(id) + 1);
        last = instructions;
        lastId = id;
        return id;
    }

    private int idOf(List<OFInstruction> instructions) {
        Integer same = pooled.get(instructions);
        return same != null ? same : ids.getInt(instructions);
    }

    /** One user fewer of list {@code id}; the last one lets the list go. */
    void release(int id) {
        int left = users.getInt(id) - 1;
        users.set(id, left);
        if (left == 0) {
            if (lists.get(id) == last) {
                last = null;
            }
            ids.removeInt(lists.get(id));
            pooled.remove(lists.get(id));
            lists.set(id, null);
            freeIds.add(id);
        }
    }

    List<OFInstruction> get(int id) {
        return lists.get(id);
    }

    /** Distinct lists in use. */
    int size() {
        return ids.size();
    }
}

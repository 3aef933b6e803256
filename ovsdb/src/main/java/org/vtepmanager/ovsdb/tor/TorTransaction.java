package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.Comment;
import com.vmware.ovsdb.protocol.operation.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * One reconcile pass's operations, kept in dependency order whatever order the planners add them in: locators
 * and locator sets, then Logical_Switch rows, then the MACs that reference both, then the port bindings (a port
 * starts forwarding into a network only once its MACs and flood list are there), and Logical_Switch deletions
 * last. The transaction is atomic; the order makes named UUIDs defined before use and the intent readable in
 * the switch's log, where the comments appear.
 */
final class TorTransaction {

    private final List<Operation> locators = new ArrayList<>();
    private final List<Operation> switches = new ArrayList<>();
    private final List<Operation> macs = new ArrayList<>();
    private final List<Operation> bindings = new ArrayList<>();
    private final List<Operation> switchDeletions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private int names;

    String newName(String kind) {
        return kind + names++;
    }

    void locator(Operation op) {
        locators.add(op);
    }

    void logicalSwitch(Operation op) {
        switches.add(op);
    }

    void mac(Operation op) {
        macs.add(op);
    }

    void binding(Operation op) {
        bindings.add(op);
    }

    void deleteSwitch(Operation op) {
        switchDeletions.add(op);
    }

    /** What this pass does, in words, for the transaction's comment. */
    void note(String what) {
        notes.add(what);
    }

    /**
     * A note on what the spec holds (Logical_Switch rows, bindings, flood lists; not remote MACs, which follow the
     * MAC tables rather than the spec, and whose repairs a pass of changed MACs tells): a repair when the spec did
     * not change ({@code RepairWatch}).
     */
    void change(String what) {
        note(what);
        changes.add(what);
    }

    List<String> changes() {
        return List.copyOf(changes);
    }

    List<Operation> operations(String physicalSwitch) {
        List<Operation> all = new ArrayList<>();
        all.addAll(locators);
        all.addAll(switches);
        all.addAll(macs);
        all.addAll(bindings);
        all.addAll(switchDeletions);
        if (!all.isEmpty()) {
            all.add(new Comment("vtep-manager: " + physicalSwitch + ": " + String.join("; ", notes)));
        }
        return all;
    }
}

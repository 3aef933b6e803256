package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Ops;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Plans the Logical_Switch table: one switch of ours per desired network (created, or its tunnel_key, description
 * and replication_mode repaired), and switches of ours that no network wants any more deleted once nothing else
 * references them. A switch with our name but not our description belongs to someone else: left alone and reported;
 * so is a switch of others that has the tunnel_key (VNI) of one of ours.
 */
final class LogicalSwitches {

    private final TorView view;
    private final TorTransaction tx;
    private final List<String> problems;

    LogicalSwitches(TorView view, TorTransaction tx, List<String> problems) {
        this.view = view;
        this.tx = tx;
        this.problems = problems;
    }

    /** The desired switches that are (or in this transaction become) ours, by name, as references. */
    Map<String, Atom<?>> keep(Map<String, TorSpec.LogicalSwitchSpec> desired) {
        Map<String, Atom<?>> usable = new TreeMap<>();
        Map<Long, List<String>> foreignByKey = foreignSwitchesByTunnelKey();
        desired.forEach((name, spec) -> {
            // One named like ours is reported below as such.
            foreignByKey.getOrDefault(spec.tunnelKey(), List.of()).stream().filter(foreign -> !foreign.equals(name))
                    .forEach(foreign -> problems.add("Logical_Switch " + foreign + " (not made by vtep-manager) has "
                            + "tunnel_key " + spec.tunnelKey() + " too, the VNI of " + name
                            + ": the switch cannot tell their VXLAN traffic apart; left alone"));
            Optional<UUID> existing = view.logicalSwitch(name);
            if (spec.replication() == TorSpec.Replication.SERVICE_NODE && !view.hasReplicationMode()) {
                problems.add("Logical_Switch " + name + ": this switch's schema has no replication_mode, so "
                        + "service-node replication cannot be requested; it floods to the service nodes as it does");
            }
            if (existing.isEmpty()) {
                usable.put(name, insert(spec));
            } else if (view.isOurSwitch(existing.get())) {
                repair(existing.get(), spec);
                usable.put(name, Ops.uuid(existing.get()));
            } else {
                problems.add("Logical_Switch " + name + " exists but was not made by vtep-manager (description '"
                        + Rows.string(view.row(HardwareVtep.LOGICAL_SWITCH, existing.get()), "description")
                        + "'); left alone, so network " + spec.tunnelKey() + " is not bound on this switch");
            }
        });
        return usable;
    }

    /**
     * Names of the switches of others by their tunnel_key. The schema lets two switches share a key, but a VTEP then
     * cannot tell which one a VXLAN packet is for; ours are not listed, as a pass repairs their keys anyway.
     */
    private Map<Long, List<String>> foreignSwitchesByTunnelKey() {
        Map<Long, List<String>> byKey = new HashMap<>();
        view.rows(HardwareVtep.LOGICAL_SWITCH).forEach((uuid, row) -> {
            if (!HardwareVtep.isOurSwitch(row)) {
                Rows.integer(row, "tunnel_key").ifPresent(key -> byKey.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(Rows.string(row, "name")));
            }
        });
        return byKey;
    }

    /** Our switches that no desired network names: their MACs and bindings go now, the switch once unreferenced. */
    Map<UUID, String> unwanted(Map<String, TorSpec.LogicalSwitchSpec> desired) {
        Map<UUID, String> unwanted = new TreeMap<>();
        view.rows(HardwareVtep.LOGICAL_SWITCH).forEach((uuid, row) -> {
            String name = Rows.string(row, "name");
            if (HardwareVtep.isOurSwitch(row) && !desired.containsKey(name)) {
                unwanted.put(uuid, name);
            }
        });
        return unwanted;
    }

    /**
     * Deletes a switch of ours that nothing references; false while a port's binding or a row of the ToR's own
     * (its local MACs, its local flood row) still does.
     */
    boolean deleteIfUnreferenced(UUID logicalSwitch, String name) {
        if (view.stillReferenced(logicalSwitch)) {
            return false;
        }
        tx.deleteSwitch(Ops.delete(HardwareVtep.LOGICAL_SWITCH, logicalSwitch));
        tx.change("delete Logical_Switch " + name);
        return true;
    }

    private Atom<?> insert(TorSpec.LogicalSwitchSpec spec) {
        String uuidName = tx.newName("ls");
        Ops.RowBuilder row = Ops.row().string("name", spec.name()).string("description", spec.description())
                .integer("tunnel_key", spec.tunnelKey());
        if (view.hasReplicationMode()) {
            row.string("replication_mode", spec.replication().wireName());
        }
        // The name index makes a concurrent creation of the same switch fail this transaction, never duplicate it.
        tx.logicalSwitch(Ops.insert(HardwareVtep.LOGICAL_SWITCH, uuidName, row));
        tx.change("create Logical_Switch " + spec.name());
        return Ops.named(uuidName);
    }

    private void repair(UUID uuid, TorSpec.LogicalSwitchSpec spec) {
        Row row = view.row(HardwareVtep.LOGICAL_SWITCH, uuid);
        Ops.RowBuilder changes = Ops.row();
        if (!Rows.integer(row, "tunnel_key").equals(Optional.of(spec.tunnelKey()))) {
            changes.integer("tunnel_key", spec.tunnelKey());
        }
        if (!spec.description().equals(Rows.string(row, "description"))) {
            changes.string("description", spec.description());
        }
        String mode = spec.replication().wireName();
        if (view.hasReplicationMode() && !mode.equals(Rows.string(row, "replication_mode"))) {
            changes.string("replication_mode", mode);
        }
        if (!changes.isEmpty()) {
            tx.logicalSwitch(Ops.update(HardwareVtep.LOGICAL_SWITCH, uuid, changes));
            tx.change("repair Logical_Switch " + spec.name());
        }
    }
}

package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Ucast_Macs_Remote rows by Logical_Switch and MAC, each read once per row version as the monitor delivers it, so
 * that a pass finds the rows of one MAC without reading the table: a pass that plans only the MACs that changed
 * looks up a few thousand of a few hundred thousand. Confined to the events executor.
 */
final class RemoteMacRows {

    /** What a pass reads of one row: its UUID, its MAC in lower case, its locator and its ipaddr. */
    record RemoteRow(UUID uuid, String mac, Optional<UUID> locator, String ipaddr) {
    }

    private record Placed(UUID logicalSwitch, RemoteRow row) {
        boolean sameMacAs(Placed other) {
            return logicalSwitch.equals(other.logicalSwitch) && row.mac().equals(other.row.mac());
        }
    }

    /** Logical_Switch → MAC → its rows: one, or more when another writer inserted the same MAC. */
    private final Map<UUID, Map<String, List<RemoteRow>>> bySwitch = new HashMap<>();
    private final Map<UUID, Placed> byUuid = new HashMap<>();
    private final BiConsumer<UUID, String> touched;

    /**
     * {@code touched} hears the Logical_Switch and MAC of each row inserted, changed or deleted, once per row change
     * (both, for a move to another switch or MAC): so a session can match each change with a write of its own.
     */
    RemoteMacRows(BiConsumer<UUID, String> touched) {
        this.touched = touched;
    }

    /** A row was inserted or changed ({@code row} its new version) or deleted ({@code row} null). */
    void changed(UUID uuid, Row row) {
        Placed before = byUuid.remove(uuid);
        if (before != null) {
            remove(before);
        }
        Optional<UUID> ls = row == null ? Optional.empty() : Rows.uuid(row, "logical_switch");
        Placed now = ls.map(into -> new Placed(into, new RemoteRow(uuid, Rows.string(row, "MAC").toLowerCase(),
                Rows.uuid(row, "locator"), Rows.string(row, "ipaddr")))).orElse(null);
        if (before != null && (now == null || !now.sameMacAs(before))) {
            touched.accept(before.logicalSwitch(), before.row().mac());
        }
        if (now != null) {
            byUuid.put(uuid, now);
            bySwitch.computeIfAbsent(now.logicalSwitch(), s -> new HashMap<>()).merge(now.row().mac(),
                    List.of(now.row()), RemoteMacRows::both);
            touched.accept(now.logicalSwitch(), now.row().mac());
        }
    }

    /** The rows of {@code logicalSwitch} by MAC, in no particular order; a view, not a copy. */
    Map<String, List<RemoteRow>> of(UUID logicalSwitch) {
        return Collections.unmodifiableMap(bySwitch.getOrDefault(logicalSwitch, Map.of()));
    }

    /** The rows of {@code mac} (lower case) in {@code logicalSwitch}. */
    List<RemoteRow> of(UUID logicalSwitch, String mac) {
        return bySwitch.getOrDefault(logicalSwitch, Map.of()).getOrDefault(mac, List.of());
    }

    private void remove(Placed placed) {
        Map<String, List<RemoteRow>> macs = bySwitch.get(placed.logicalSwitch());
        List<RemoteRow> left = macs.get(placed.row().mac()).stream()
                .filter(r -> !r.uuid().equals(placed.row().uuid())).toList();
        if (!left.isEmpty()) {
            macs.put(placed.row().mac(), left);
        } else if (macs.remove(placed.row().mac()) != null && macs.isEmpty()) {
            bySwitch.remove(placed.logicalSwitch());
        }
    }

    private static List<RemoteRow> both(List<RemoteRow> some, List<RemoteRow> more) {
        List<RemoteRow> all = new ArrayList<>(some);
        all.addAll(more);
        return List.copyOf(all);
    }
}

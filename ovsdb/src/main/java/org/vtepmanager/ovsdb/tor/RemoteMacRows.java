package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Ucast_Macs_Remote rows by Logical_Switch, each read once per row version as the monitor delivers it. A pass used
 * to find a switch's rows by reading every row of the table and read their columns again each time: with a few
 * hundred thousand remote MACs, a fifth of the pass before any diff. Confined to the events executor.
 */
final class RemoteMacRows {

    /** What a pass reads of one row: its MAC in lower case, its locator and its ipaddr. */
    record RemoteRow(String mac, Optional<UUID> locator, String ipaddr) {
    }

    private final Map<UUID, Map<UUID, RemoteRow>> bySwitch = new HashMap<>();
    private final Map<UUID, UUID> switchOf = new HashMap<>();

    /** A row was inserted or changed ({@code row} its new version) or deleted ({@code row} null). */
    void changed(UUID uuid, Row row) {
        UUID before = switchOf.remove(uuid);
        if (before != null) {
            Map<UUID, RemoteRow> rows = bySwitch.get(before);
            rows.remove(uuid);
            if (rows.isEmpty()) {
                bySwitch.remove(before);
            }
        }
        Optional<UUID> ls = row == null ? Optional.empty() : Rows.uuid(row, "logical_switch");
        if (ls.isPresent()) {
            switchOf.put(uuid, ls.get());
            bySwitch.computeIfAbsent(ls.get(), s -> new HashMap<>()).put(uuid, new RemoteRow(
                    Rows.string(row, "MAC").toLowerCase(), Rows.uuid(row, "locator"), Rows.string(row, "ipaddr")));
        }
    }

    /** The rows of {@code logicalSwitch} by row UUID, in no particular order; a view, not a copy. */
    Map<UUID, RemoteRow> of(UUID logicalSwitch) {
        return Collections.unmodifiableMap(bySwitch.getOrDefault(logicalSwitch, Map.of()));
    }
}

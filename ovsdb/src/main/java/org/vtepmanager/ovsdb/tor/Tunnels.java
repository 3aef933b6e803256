package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.vtepmanager.ovsdb.BfdStatus;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Reads the ToR's Tunnel table (written by the switch, never by us): each row is the BFD session from this ToR's
 * locator to a remote one, which names the tunnel by the remote IP.
 */
final class Tunnels {

    private Tunnels() {
    }

    /** Remote IP → BFD state ({@link BfdStatus#state}) of every tunnel that has one. */
    static SortedMap<String, String> bfdStates(TorView view) {
        SortedMap<String, String> states = new TreeMap<>();
        new TreeMap<>(view.rows(HardwareVtep.TUNNEL)).forEach((uuid, tunnel) -> BfdStatus.state(Rows.map(tunnel,
                "bfd_status"))
                .ifPresent(state -> states.putIfAbsent(remoteIp(view, tunnel), state)));
        states.remove("");
        return states;
    }

    /** Tunnels whose BFD session says they do not forward, named by the remote locator's IP. */
    static List<String> problems(TorView view) {
        List<String> found = new ArrayList<>();
        for (Row tunnel : view.rows(HardwareVtep.TUNNEL).values()) {
            BfdStatus.notForwarding(Rows.map(tunnel, "bfd_status")).ifPresent(why -> {
                String remote = remoteIp(view, tunnel);
                found.add("Tunnel to " + (remote.isEmpty() ? "?" : remote) + ": " + why);
            });
        }
        found.sort(String::compareTo);
        return found;
    }

    private static String remoteIp(TorView view, Row tunnel) {
        Optional<UUID> remote = Rows.uuid(tunnel, "remote");
        return remote.map(view::locatorIp).orElse("");
    }
}

package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Reads the ToR's Tunnel table (written by the switch, never by us): each row is the BFD session from this ToR's
 * locator to a remote one, which names the tunnel by the remote IP.
 */
final class Tunnels {

    private Tunnels() {
    }

    /**
     * Remote IP → BFD state of every tunnel that has one: {@code bfd_status:state} ("up", "down", "init",
     * "admin_down"), else "up"/"down" from {@code bfd_status:forwarding}. A tunnel whose BFD is not running (the
     * ovs-vtep emulator writes only {@code enabled=false} then) has no state rather than a made-up one.
     */
    static SortedMap<String, String> bfdStates(TorView view) {
        SortedMap<String, String> states = new TreeMap<>();
        new TreeMap<>(view.rows(HardwareVtep.TUNNEL)).forEach((uuid, tunnel) -> state(Rows.map(tunnel, "bfd_status"))
                .ifPresent(state -> states.putIfAbsent(remoteIp(view, tunnel), state)));
        states.remove("");
        return states;
    }

    /** Tunnels whose BFD session says they do not forward, named by the remote locator's IP. */
    static List<String> problems(TorView view) {
        List<String> found = new ArrayList<>();
        for (Row tunnel : view.rows(HardwareVtep.TUNNEL).values()) {
            Map<String, String> bfd = Rows.map(tunnel, "bfd_status");
            if ("false".equals(bfd.get("forwarding"))) {
                String remote = remoteIp(view, tunnel);
                found.add("Tunnel to " + (remote.isEmpty() ? "?" : remote) + ": bfd_status forwarding=false "
                        + "(diagnostic '" + bfd.getOrDefault("diagnostic", "") + "')");
            }
        }
        found.sort(String::compareTo);
        return found;
    }

    static Optional<String> state(Map<String, String> bfdStatus) {
        String state = bfdStatus.get("state");
        if (state != null && !state.isEmpty()) {
            return Optional.of(state);
        }
        String forwarding = bfdStatus.get("forwarding");
        return forwarding == null ? Optional.empty() : Optional.of("true".equals(forwarding) ? "up" : "down");
    }

    private static String remoteIp(TorView view, Row tunnel) {
        Optional<UUID> remote = Rows.uuid(tunnel, "remote");
        return remote.map(view::locatorIp).orElse("");
    }
}

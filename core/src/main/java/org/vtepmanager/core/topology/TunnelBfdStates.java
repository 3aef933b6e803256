package org.vtepmanager.core.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/**
 * The BFD state of each VTEP's tunnels as that VTEP last reported it, keyed by (VTEP, remote tunnel IP): the key a
 * hardware_vtep Tunnel row has (its remote Physical_Locator), independent of which VTEP owns that IP. Thread-safe;
 * a report replaces the VTEP's whole previous one, so a tunnel it no longer reports has no state.
 */
final class TunnelBfdStates {

    private final Map<VtepId, Map<TunnelIp, String>> states = new ConcurrentHashMap<>();

    /** Records {@code vtep}'s report and says, per remote IP, what changed ("172.30.1.10 up", "172.30.1.11 gone"). */
    List<String> report(VtepId vtep, Map<TunnelIp, String> byRemoteIp) {
        Map<TunnelIp, String> now = Map.copyOf(byRemoteIp);
        Map<TunnelIp, String> before = Objects.requireNonNullElse(states.put(vtep, now), Map.of());
        List<String> changes = new ArrayList<>();
        TreeSet<TunnelIp> remotes = new TreeSet<>(before.keySet());
        remotes.addAll(now.keySet());
        for (TunnelIp remote : remotes) {
            if (!Objects.equals(before.get(remote), now.get(remote))) {
                changes.add(remote + " " + Objects.requireNonNullElse(now.get(remote), "unknown"));
            }
        }
        return changes;
    }

    /** {@code desired} with the reported BFD state of each tunnel; a tunnel nobody reported keeps none. */
    List<Tunnel> join(List<Tunnel> desired) {
        return desired.stream().map(t -> t.withBfd(Optional.ofNullable(
                states.getOrDefault(t.from(), Map.of()).get(t.remoteIp())))).toList();
    }

}

package org.vtepmanager.core.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vtepmanager.core.VtepId;

/**
 * The datapath ids that more than one connected VTEP reports for its integration bridge. OpenFlow knows a switch by
 * its datapath id alone, so the controller cannot tell such bridges apart: it programs none of them (it would
 * program one with another's ports and bindings), and their connections keep replacing each other. Open vSwitch
 * derives the id from the bridge's MAC, so a shared one is nearly always copied: an {@code other-config:datapath-id}
 * or {@code hwaddr} of a cloned host. Each VTEP sharing one has a problem naming the others.
 */
final class SharedDatapaths {

    static final SharedDatapaths NONE = new SharedDatapaths(Map.of());

    private final Map<VtepId, String> conflicts;

    private SharedDatapaths(Map<VtepId, String> conflicts) {
        this.conflicts = conflicts;
    }

    static SharedDatapaths of(ObservedState observed) {
        Map<Long, List<VtepId>> byDatapath = new HashMap<>();
        for (VtepObservation observation : observed.vteps().values()) {
            if (observation.state() == ConnectionState.CONNECTED && observation.datapathId().isPresent()) {
                byDatapath.computeIfAbsent(observation.datapathId().getAsLong(), id -> new ArrayList<>(1))
                        .add(observation.vtep());
            }
        }
        Map<VtepId, String> conflicts = new HashMap<>();
        byDatapath.forEach((datapath, vteps) -> {
            if (vteps.size() > 1) {
                vteps.forEach(vtep -> conflicts.put(vtep, describe(datapath, vtep, vteps)));
            }
        });
        return conflicts.isEmpty() ? NONE : new SharedDatapaths(Map.copyOf(conflicts));
    }

    /** Why the manager does not program {@code vtep}'s bridge, if another VTEP reports its datapath id. */
    Optional<String> conflict(VtepId vtep) {
        return Optional.ofNullable(conflicts.get(vtep));
    }

    /** The VTEPs whose conflict differs in {@code other}. */
    Set<VtepId> differingFrom(SharedDatapaths other) {
        Set<VtepId> differing = new HashSet<>(conflicts.keySet());
        differing.addAll(other.conflicts.keySet());
        differing.removeIf(vtep -> Objects.equals(conflicts.get(vtep), other.conflicts.get(vtep)));
        return differing;
    }

    private static String describe(long datapath, VtepId vtep, List<VtepId> sharing) {
        String others = sharing.stream().filter(other -> !other.equals(vtep)).map(VtepId::toString).sorted()
                .collect(Collectors.joining(", "));
        return "datapath id " + hex(datapath) + " of the integration bridge is also " + others + "'s: OpenFlow "
                + "knows a switch by that id alone, so the manager programs none of these bridges, and their "
                + "connections keep replacing each other; give each its own (ovs-vsctl set Bridge BRIDGE "
                + "other-config:datapath-id=HEX16, or remove a copied other-config:datapath-id or hwaddr)";
    }

    /** As ovs-vsctl and the API show it: 16 hex digits. */
    private static String hex(long datapath) {
        return String.format("%016x", datapath);
    }
}

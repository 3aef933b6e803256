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
 *
 * <p>It also says which VTEP a datapath id belongs to, for the OpenFlow controller to match a switch's connection
 * with: the one VTEP that reports it, or of several the one connected, and none while connected ones share it.
 */
final class SharedDatapaths {

    private final Map<Long, VtepId> owners;
    private final Map<VtepId, String> conflicts;

    private SharedDatapaths(Map<Long, VtepId> owners, Map<VtepId, String> conflicts) {
        this.owners = owners;
        this.conflicts = conflicts;
    }

    static SharedDatapaths of(ObservedState observed) {
        Map<Long, List<VtepObservation>> byDatapath = new HashMap<>();
        for (VtepObservation observation : observed.vteps().values()) {
            observation.datapathId().ifPresent(datapath -> byDatapath
                    .computeIfAbsent(datapath, id -> new ArrayList<>(1)).add(observation));
        }
        Map<Long, VtepId> owners = new HashMap<>();
        Map<VtepId, String> conflicts = new HashMap<>();
        byDatapath.forEach((datapath, reporting) -> {
            List<VtepId> connected = reporting.stream().filter(o -> o.state() == ConnectionState.CONNECTED)
                    .map(VtepObservation::vtep).toList();
            if (reporting.size() == 1) {
                owners.put(datapath, reporting.get(0).vtep());
            } else if (connected.size() == 1) {
                owners.put(datapath, connected.get(0));
            } else if (connected.size() > 1) {
                connected.forEach(vtep -> conflicts.put(vtep, describe(datapath, vtep, connected)));
            }
        });
        return new SharedDatapaths(owners, conflicts);
    }

    /** The VTEP whose switch a connection of {@code datapath} is, if that can be told. */
    Optional<VtepId> owner(long datapath) {
        return Optional.ofNullable(owners.get(datapath));
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

package org.vtepmanager.core.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;

/**
 * What every registered VTEP must have, computed from intent and observation alone. Pure, so that reconcilers can
 * recompute it on any event and diff it against what they read back from the switch.
 */
public record DesiredState(SortedMap<VtepId, VtepDesiredState> vteps) {

    public DesiredState {
        vteps = Collections.unmodifiableSortedMap(new TreeMap<>(vteps));
    }

    /**
     * A network applies to a VTEP that binds it; a tunnel from A to B exists when both tunnel IPs are known (and
     * each is its VTEP's alone, see {@link TunnelIpClaims}), whatever networks they share (a full mesh: networks
     * come and go far more often than VTEPs, and a mesh that followed them would churn ports on every hypervisor).
     * Connection state does not matter: a peer's data plane keeps forwarding while the manager's session with it is
     * down, so tunnels to it must stay.
     */
    public static DesiredState compute(Intent intent, ObservedState observed) {
        return compute(intent, TunnelIpClaims.of(intent, observed));
    }

    /** As {@link #compute(Intent, ObservedState)}, with the tunnel-IP claims already settled. */
    static DesiredState compute(Intent intent, TunnelIpClaims claims) {
        return compute(intent, TunnelMesh.of(intent, claims));
    }

    private static DesiredState compute(Intent intent, TunnelMesh mesh) {
        Map<VtepId, List<VlanBinding>> bindings = intent.bindingsByVtep();
        Map<VtepId, Set<Vni>> boundVnis = new TreeMap<>();
        mesh.members().keySet().forEach(id -> boundVnis.put(id, bindings.getOrDefault(id, List.of()).stream()
                .map(VlanBinding::vni).collect(Collectors.toSet())));
        SortedMap<VtepId, VtepDesiredState> result = new TreeMap<>();
        mesh.members().forEach((id, tunnelIp) -> {
            List<VirtualNetwork> networks = boundVnis.get(id).stream().sorted()
                    .map(vni -> intent.networks().get(vni).value()).toList();
            result.put(id, new VtepDesiredState(id, tunnelIp, networks, bindings.getOrDefault(id, List.of()),
                    tunnels(id, mesh.members(), boundVnis), mesh.leftOut().contains(id)));
        });
        return new DesiredState(result);
    }

    /**
     * A configured tunnel IP wins over a reported one: the operator may be renumbering the underlay. Before
     * {@link TunnelIpClaims} settles who keeps an IP that two VTEPs claim.
     */
    public static Optional<TunnelIp> effectiveTunnelIp(Vtep vtep, VtepObservation observation) {
        return vtep.tunnelIp().or(observation::tunnelIp);
    }

    /**
     * Every VTEP of the full mesh with its tunnel IP, empty while not known (a VTEP not yet reported since a
     * manager restart): southbounds keep such a member's existing tunnels rather than tear them down.
     */
    public SortedMap<VtepId, Optional<TunnelIp>> meshMembers() {
        SortedMap<VtepId, Optional<TunnelIp>> members = new TreeMap<>();
        vteps.forEach((id, state) -> members.put(id, state.tunnelIp()));
        return members;
    }

    public List<Tunnel> tunnels() {
        return vteps.values().stream().flatMap(v -> v.tunnels().stream()).toList();
    }

    private static List<Tunnel> tunnels(VtepId from, Map<VtepId, Optional<TunnelIp>> tunnelIps,
            Map<VtepId, Set<Vni>> boundVnis) {
        List<Tunnel> tunnels = new ArrayList<>();
        Optional<TunnelIp> localIp = tunnelIps.get(from);
        for (VtepId to : tunnelIps.keySet()) {
            Optional<TunnelIp> remoteIp = tunnelIps.get(to);
            if (!to.equals(from) && localIp.isPresent() && remoteIp.isPresent()) {
                tunnels.add(new Tunnel(from, to, localIp.get(), remoteIp.get(),
                        shared(boundVnis.get(from), boundVnis.get(to))));
            }
        }
        return tunnels;
    }

    /** Walks the smaller set: a mesh of many VTEPs asks for every pair, each VTEP carrying thousands of networks. */
    private static SortedSet<Vni> shared(Set<Vni> some, Set<Vni> others) {
        Set<Vni> smaller = some.size() <= others.size() ? some : others;
        Set<Vni> larger = smaller == some ? others : some;
        SortedSet<Vni> shared = new TreeSet<>();
        for (Vni vni : smaller) {
            if (larger.contains(vni)) {
                shared.add(vni);
            }
        }
        return shared;
    }
}

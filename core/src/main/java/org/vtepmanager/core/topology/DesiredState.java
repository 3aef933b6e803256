package org.vtepmanager.core.topology;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
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
        SharedNetworks shared = new SharedNetworks();
        Map<VtepId, SortedSet<Vni>> boundVnis = new TreeMap<>();
        mesh.members().keySet().forEach(id -> boundVnis.put(id, shared.of(bindings.getOrDefault(id, List.of()))));
        SortedMap<VtepId, VtepDesiredState> result = new TreeMap<>();
        mesh.members().forEach((id, tunnelIp) -> {
            List<VirtualNetwork> networks = boundVnis.get(id).stream()
                    .map(vni -> intent.networks().get(vni).value()).toList();
            result.put(id, new VtepDesiredState(id, tunnelIp, networks, bindings.getOrDefault(id, List.of()),
                    tunnels(id, mesh.members(), boundVnis, shared), mesh.leftOut().contains(id)));
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
            Map<VtepId, SortedSet<Vni>> boundVnis, SharedNetworks shared) {
        List<Tunnel> tunnels = new ArrayList<>();
        Optional<TunnelIp> localIp = tunnelIps.get(from);
        for (VtepId to : tunnelIps.keySet()) {
            Optional<TunnelIp> remoteIp = tunnelIps.get(to);
            if (!to.equals(from) && localIp.isPresent() && remoteIp.isPresent()) {
                tunnels.add(new Tunnel(from, to, localIp.get(), remoteIp.get(),
                        shared.between(boundVnis.get(from), boundVnis.get(to))));
            }
        }
        return tunnels;
    }

    /**
     * The networks two VTEPs share, each set made once: a full mesh asks for every pair, and VTEPs mostly carry the
     * same networks as many others (every hypervisor of a tenant, every ToR of a row). Equal sets of bound networks
     * are one instance, so a pair of equal sets shares that set, and the intersection of two others is computed
     * once for all the pairs that have them. A fresh set per tunnel made the desired state of 200 hypervisors with
     * 100 networks take 0.3-0.5 s and its garbage.
     */
    private static final class SharedNetworks {
        private final Map<Set<Vni>, ImmutableSortedSet<Vni>> interned = new HashMap<>();
        private final Map<SortedSet<Vni>, Map<SortedSet<Vni>, SortedSet<Vni>>> intersections = new IdentityHashMap<>();

        /** The networks {@code bindings} bind, the one instance of that set. */
        SortedSet<Vni> of(List<VlanBinding> bindings) {
            // Guava's natural order, which Tunnel's copy recognises as its own, so it keeps the set as it is.
            ImmutableSortedSet<Vni> vnis = ImmutableSortedSet.copyOf(
                    bindings.stream().map(VlanBinding::vni).iterator());
            return interned.computeIfAbsent(vnis, set -> vnis);
        }

        SortedSet<Vni> between(SortedSet<Vni> some, SortedSet<Vni> others) {
            if (some == others) {
                return some;
            }
            return intersections.computeIfAbsent(some, set -> new IdentityHashMap<>())
                    .computeIfAbsent(others, set -> intersect(some, others));
        }

        /** Walks the smaller set, and is that set when the larger holds all of it. */
        private SortedSet<Vni> intersect(SortedSet<Vni> some, SortedSet<Vni> others) {
            SortedSet<Vni> smaller = some.size() <= others.size() ? some : others;
            SortedSet<Vni> larger = smaller == some ? others : some;
            ImmutableSortedSet.Builder<Vni> shared = ImmutableSortedSet.naturalOrder();
            int count = 0;
            for (Vni vni : smaller) {
                if (larger.contains(vni)) {
                    shared.add(vni);
                    count++;
                }
            }
            return count == smaller.size() ? smaller : shared.build();
        }
    }
}

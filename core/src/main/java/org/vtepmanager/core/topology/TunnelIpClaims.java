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
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;

/**
 * The tunnel IP of every VTEP, with one VTEP per IP: an IP names one tunnel port on every hypervisor and one
 * locator on every ToR, so two VTEPs claiming it (a local_ip copied from another host, a typo at registration, a
 * host reinstalled under a new name) cannot both be reached. What the underlay delivers decides: the one claimant
 * connected now keeps the IP (a live switch that reports it holds it, whatever a registration or the VTEP it was
 * before says); when none or several are connected, the one that has it configured keeps it (intent refuses two
 * configured alike); otherwise all lose, since nothing says which switch holds the address. A VTEP that loses has
 * no tunnel IP in the mesh (the others keep the tunnels they already have towards it, as for any VTEP whose IP is not
 * known), is {@link VtepDesiredState#leftOut} (its own tunnels go) and has a problem that names the others.
 */
final class TunnelIpClaims {

    private final Map<VtepId, Optional<TunnelIp>> tunnelIps = new HashMap<>();
    private final Map<VtepId, String> conflicts = new HashMap<>();
    private final ObservedState observed;
    private int vxlanOverhead = TunnelIp.VXLAN_OVERHEAD_IPV4;

    private TunnelIpClaims(ObservedState observed) {
        this.observed = observed;
    }

    static TunnelIpClaims of(Intent intent, ObservedState observed) {
        TunnelIpClaims claims = new TunnelIpClaims(observed);
        Map<TunnelIp, List<Vtep>> claimants = new HashMap<>();
        for (Versioned<Vtep> versioned : intent.vteps().values()) {
            Vtep vtep = versioned.value();
            Optional<TunnelIp> ip = DesiredState.effectiveTunnelIp(vtep, observed.of(vtep.id()));
            claims.tunnelIps.put(vtep.id(), ip);
            ip.ifPresent(address -> claims.vxlanOverhead = Math.max(claims.vxlanOverhead, address.vxlanOverhead()));
            ip.ifPresent(address -> claimants.computeIfAbsent(address, a -> new ArrayList<>(1)).add(vtep));
        }
        claimants.forEach((ip, vteps) -> {
            if (vteps.size() > 1) {
                claims.resolve(ip, vteps);
            }
        });
        return claims;
    }

    Optional<TunnelIp> tunnelIp(VtepId vtep) {
        return tunnelIps.getOrDefault(vtep, Optional.empty());
    }

    /**
     * The bytes VXLAN adds in this mesh: 70 once any VTEP tunnels over IPv6, else 50. A mesh of both (Open vSwitch
     * cannot tunnel between them) is judged by the larger.
     */
    int vxlanOverhead() {
        return vxlanOverhead;
    }

    /** The VTEPs whose tunnel IP or conflict differs in {@code other}, claims made from the same intent. */
    Set<VtepId> differingFrom(TunnelIpClaims other) {
        Set<VtepId> differing = new HashSet<>();
        tunnelIps.forEach((vtep, ip) -> {
            if (!ip.equals(other.tunnelIp(vtep)) || !Objects.equals(conflicts.get(vtep), other.conflicts.get(vtep))) {
                differing.add(vtep);
            }
        });
        return differing;
    }

    /** Why {@code vtep} is out of the mesh, if another VTEP's claim to its tunnel IP put it there. */
    Optional<String> conflict(VtepId vtep) {
        return Optional.ofNullable(conflicts.get(vtep));
    }

    private void resolve(TunnelIp ip, List<Vtep> vteps) {
        List<Vtep> connected = vteps.stream()
                .filter(v -> observed.of(v.id()).state() == ConnectionState.CONNECTED).toList();
        List<Vtep> candidates = connected.isEmpty() ? vteps : connected;
        Optional<Vtep> winner = candidates.size() == 1 ? Optional.of(candidates.get(0))
                : candidates.stream().filter(v -> v.tunnelIp().isPresent()).findFirst();
        for (Vtep loser : vteps) {
            if (winner.isPresent() && winner.get().equals(loser)) {
                continue;
            }
            String others = winner.map(w -> w.id() + "'s (" + (connected.size() == 1 ? "connected" : "configured")
                    + " there)").orElseGet(() -> vteps.stream().filter(v -> !v.equals(loser))
                    .map(v -> v.id().toString()).sorted().collect(Collectors.joining(", ")) + "'s");
            tunnelIps.put(loser.id(), Optional.empty());
            conflicts.put(loser.id(), "tunnel IP " + ip + " is also " + others
                    + ": this VTEP is left out of the mesh until one of them changes");
        }
    }
}

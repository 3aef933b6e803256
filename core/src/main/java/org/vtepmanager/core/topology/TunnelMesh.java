package org.vtepmanager.core.topology;

import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;

/**
 * The full mesh: every registered VTEP with its tunnel IP, empty while not known or when another VTEP's claim to it
 * won ({@link TunnelIpClaims}), and the VTEPs such a claim left out. It depends on the VTEPs alone, so it costs a
 * step per VTEP where the {@link DesiredState} costs one per binding: a hypervisor's tunnel ports follow every intent
 * change, and a write of one binding must not pay for the bindings of every ToR.
 */
public record TunnelMesh(SortedMap<VtepId, Optional<TunnelIp>> members, Set<VtepId> leftOut) {

    public TunnelMesh {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        leftOut = Set.copyOf(leftOut);
    }

    static TunnelMesh of(Intent intent, TunnelIpClaims claims) {
        SortedMap<VtepId, Optional<TunnelIp>> members = new TreeMap<>();
        Set<VtepId> leftOut = new HashSet<>();
        for (Versioned<Vtep> vtep : intent.vteps().values()) {
            VtepId id = vtep.value().id();
            members.put(id, claims.tunnelIp(id));
            if (claims.conflict(id).isPresent()) {
                leftOut.add(id);
            }
        }
        return new TunnelMesh(members, leftOut);
    }
}

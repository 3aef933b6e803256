package org.vtepmanager.core.topology;

import com.google.common.collect.ImmutableSortedSet;
import java.util.Optional;
import java.util.SortedSet;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;

/**
 * A VXLAN tunnel {@code from} one VTEP {@code to} another, carrying the networks both have bound. One direction.
 * {@code bfd} is the state of the BFD session on it as the {@code from} VTEP reports it ("up", "down", ...); empty
 * when that VTEP reports none (hypervisors, or a ToR without BFD on this tunnel).
 */
public record Tunnel(VtepId from, VtepId to, TunnelIp localIp, TunnelIp remoteIp, SortedSet<Vni> vnis,
        Optional<String> bfd) {

    public Tunnel {
        // No copy of a set already immutable: the desired state shares one set among the tunnels that carry it.
        vnis = ImmutableSortedSet.copyOf(vnis);
        bfd = bfd == null ? Optional.empty() : bfd;
    }

    /** A desired tunnel: nothing is known about its BFD session. */
    public Tunnel(VtepId from, VtepId to, TunnelIp localIp, TunnelIp remoteIp, SortedSet<Vni> vnis) {
        this(from, to, localIp, remoteIp, vnis, Optional.empty());
    }

    public Tunnel withBfd(Optional<String> state) {
        return new Tunnel(from, to, localIp, remoteIp, vnis, state);
    }
}

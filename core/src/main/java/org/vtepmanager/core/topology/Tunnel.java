package org.vtepmanager.core.topology;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;

/** A VXLAN tunnel {@code from} one VTEP {@code to} another, carrying the networks both have bound. One direction. */
public record Tunnel(VtepId from, VtepId to, TunnelIp localIp, TunnelIp remoteIp, SortedSet<Vni> vnis) {

    public Tunnel {
        vnis = Collections.unmodifiableSortedSet(new TreeSet<>(vnis));
    }
}

package org.vtepmanager.core.topology;

import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;

/**
 * The largest frame each network's endpoints may send: the network's MTU (set, or what the underlay carries), and
 * never more than the underlay carries once VXLAN adds its {@code vxlanOverhead} (50 bytes over IPv4, 70 over
 * IPv6). An endpoint above it pings, since small frames pass, while its TCP stalls: its full-size frames no longer
 * fit the underlay and are lost without a word from any switch.
 */
record NetworkMtus(Intent intent, int underlayMtu, int vxlanOverhead) {

    /** The largest overlay frame the underlay carries. */
    int carried() {
        return underlayMtu - vxlanOverhead;
    }

    /**
     * What an endpoint of {@code vni} with {@code mtu} loses, and the MTU it should have; empty when its frames fit,
     * or when the network is not in intent.
     */
    Optional<String> excess(Vni vni, int mtu) {
        return Optional.ofNullable(intent.networks().get(vni)).map(Versioned::value)
                .flatMap(network -> excess(network, mtu));
    }

    private Optional<String> excess(VirtualNetwork network, int mtu) {
        int carried = carried();
        int networkMtu = network.effectiveMtu(carried);
        int allowed = Math.min(networkMtu, carried);
        if (mtu <= allowed) {
            return Optional.empty();
        }
        String limit = networkMtu <= carried
                ? "network " + network.vni().value() + "'s MTU of " + networkMtu
                : "the " + carried + " bytes a " + underlayMtu + "-byte underlay carries with VXLAN's "
                        + overheadText() + " (network " + network.vni().value() + " is set to " + networkMtu + ")";
        // A network set below what the underlay carries is the operator's word that some path or endpoint takes no
        // more: the tunnel itself would carry the frame then.
        String loss = mtu > carried
                ? "its frames over " + carried + " bytes are lost in the tunnel while smaller ones (ping) pass"
                : "endpoints that keep to the network's MTU drop its frames over " + networkMtu + " bytes";
        return Optional.of("has MTU " + mtu + ", above " + limit + ": " + loss + "; give the endpoint MTU " + allowed);
    }

    private String overheadText() {
        return vxlanOverhead == TunnelIp.VXLAN_OVERHEAD_IPV6 ? vxlanOverhead + " over IPv6" : "" + vxlanOverhead;
    }
}

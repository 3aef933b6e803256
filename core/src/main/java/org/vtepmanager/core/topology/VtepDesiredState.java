package org.vtepmanager.core.topology;

import java.util.List;
import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;

/**
 * What one VTEP must be programmed with: the networks and bindings that apply to it and its tunnels. A VTEP with
 * no known tunnel IP gets bindings but no tunnels, since no peer could address it. {@code leftOut}: another VTEP's
 * claim to the tunnel IP it reports put it out of the mesh ({@link TunnelIpClaims}), so it must not keep tunnel
 * ports of its own either, where an unknown IP (not reported yet) leaves whatever it has.
 */
public record VtepDesiredState(VtepId vtep, Optional<TunnelIp> tunnelIp, List<VirtualNetwork> networks,
        List<VlanBinding> bindings, List<Tunnel> tunnels, boolean leftOut) {

    public VtepDesiredState {
        networks = List.copyOf(networks);
        bindings = List.copyOf(bindings);
        tunnels = List.copyOf(tunnels);
    }
}

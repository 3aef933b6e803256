package org.vtepmanager.core.topology;

import java.util.List;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.mac.MacEntry;

/**
 * One consistent picture of the overlay, everything a dashboard draws: VTEPs, the tunnels between them, networks,
 * bindings and the endpoints (MAC entries) behind them, at intent {@code revision}. {@code carriedMtu} is the
 * largest overlay frame the underlay carries, the MTU of networks that set none.
 */
public record Topology(long revision, int underlayMtu, int carriedMtu, List<VtepView> vteps, List<Tunnel> tunnels,
        List<Versioned<VirtualNetwork>> networks, List<VlanBinding> bindings, List<MacEntry> endpoints) {

    public Topology {
        vteps = List.copyOf(vteps);
        tunnels = List.copyOf(tunnels);
        networks = List.copyOf(networks);
        bindings = List.copyOf(bindings);
        endpoints = List.copyOf(endpoints);
    }
}

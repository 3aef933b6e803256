package org.vtepmanager.ofcontroller.southbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.mac.MacFilter;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.Tunnel;
import org.vtepmanager.core.topology.TunnelPortName;
import org.vtepmanager.core.topology.VtepDesiredState;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;
import org.vtepmanager.ofcontroller.pipeline.SwitchContext;

/**
 * Resolves one VTEP's desired state and the MAC tables into the {@link SwitchContext} of its switch: port names to
 * OpenFlow numbers (a port the switch does not have yet is left out until it appears), remote VTEPs to the
 * tunnel ports named after their IPs.
 */
final class ContextBuilder {

    private final MacTables macs;
    private final int agingSeconds;

    ContextBuilder(MacTables macs, int agingSeconds) {
        this.macs = macs;
        this.agingSeconds = agingSeconds;
    }

    SwitchContext build(VtepDesiredState vtep, SwitchState state) {
        OpenFlowSwitch sw = state.sw;
        List<SwitchContext.Binding> bindings = new ArrayList<>();
        for (VlanBinding binding : vtep.bindings()) {
            ofport(sw, binding.portVlan().port().value()).ifPresent(port -> bindings.add(
                    new SwitchContext.Binding(port, binding.portVlan().vlan().value(), binding.vni())));
        }
        Map<VtepId, OFPort> tunnels = tunnelPorts(vtep, state);
        Map<Vni, Set<OFPort>> flood = new HashMap<>();
        vtep.networks().forEach(network -> flood.put(network.vni(), new HashSet<>()));
        for (Tunnel tunnel : vtep.tunnels()) {
            OFPort port = tunnels.get(tunnel.to());
            if (port != null) {
                tunnel.vnis().stream().filter(flood::containsKey).forEach(vni -> flood.get(vni).add(port));
            }
        }
        List<SwitchContext.MacRoute> routes = new ArrayList<>();
        for (Vni vni : flood.keySet()) {
            for (MacEntry entry : macs.entries(new MacFilter(Optional.of(vni), Optional.empty(), Optional.empty()))) {
                route(vtep.vtep(), sw, entry, tunnels).ifPresent(routes::add);
            }
        }
        return new SwitchContext(bindings, flood, routes, agingSeconds);
    }

    /**
     * The MACs of one MAC pass in one network, and the entries of those the MAC tables still hold, by the VTEP they
     * are on: looked up once per pass, as every switch of the network routes the same MACs, and every switch but
     * the VTEP's own routes one VTEP's MACs alike.
     */
    record NetworkMacs(Vni vni, List<PipelineSpec.MacKey> keys, Map<VtepId, VtepMacs> byVtep) {
    }

    /** The known MACs of a pass on one VTEP, as entries and as the list every other switch routes as a run. */
    record VtepMacs(List<MacEntry> entries, List<MacAddress> macs) {
    }

    /** How one switch routes a pass's MACs: its own VTEP's one by one, every other VTEP's as a run. */
    record PassRoutes(List<SwitchContext.MacRoute> own, List<SwitchContext.RemoteMacs> remote) {
    }

    /** {@code keys} grouped by network, each with its entries by the VTEP they are on. */
    Map<Integer, NetworkMacs> lookUp(Set<PipelineSpec.MacKey> keys) {
        Map<Integer, NetworkMacs> byNetwork = new HashMap<>();
        for (PipelineSpec.MacKey key : keys) {
            NetworkMacs network = byNetwork.computeIfAbsent(key.vni(),
                    vni -> new NetworkMacs(Vni.of(vni), new ArrayList<>(), new HashMap<>()));
            network.keys().add(key);
            macs.lookup(network.vni(), new MacAddress(key.mac())).ifPresent(entry -> {
                VtepMacs onVtep = network.byVtep().computeIfAbsent(entry.location().vtep(),
                        vtep -> new VtepMacs(new ArrayList<>(), new ArrayList<>()));
                onVtep.entries().add(entry);
                onVtep.macs().add(entry.mac());
            });
        }
        return byNetwork;
    }

    /** Where the MACs still known of these networks (of a MAC pass, all carried by the VTEP) go from this switch. */
    PassRoutes routes(VtepDesiredState vtep, SwitchState state, List<NetworkMacs> networks) {
        OpenFlowSwitch sw = state.sw;
        Map<VtepId, OFPort> tunnels = tunnelPorts(vtep, state);
        List<SwitchContext.MacRoute> own = new ArrayList<>();
        List<SwitchContext.RemoteMacs> remote = new ArrayList<>();
        for (NetworkMacs network : networks) {
            network.byVtep().forEach((on, macs) -> {
                if (on.equals(vtep.vtep())) {
                    macs.entries().forEach(entry -> route(vtep.vtep(), sw, entry, tunnels).ifPresent(own::add));
                    return;
                }
                OFPort tunnel = tunnels.get(on);
                if (tunnel != null) {
                    remote.add(new SwitchContext.RemoteMacs(network.vni(), macs.macs(), tunnel));
                }
            });
        }
        return new PassRoutes(own, remote);
    }

    int agingSeconds() {
        return agingSeconds;
    }

    /**
     * Tunnel port of each remote VTEP, by the name derived from its IP; absent until the switch has the port.
     * Resolved again only when the VTEP's desired state or the switch's port table is another snapshot.
     */
    private static Map<VtepId, OFPort> tunnelPorts(VtepDesiredState vtep, SwitchState state) {
        Map<OFPort, OFPortDesc> ports = state.sw.ports();
        if (state.tunnels == null || state.tunnelsForVtep != vtep || state.tunnelsForPorts != ports) {
            Map<String, OFPort> byName = state.sw.portNumbers();
            Map<VtepId, OFPort> tunnels = new HashMap<>();
            for (Tunnel tunnel : vtep.tunnels()) {
                OFPort port = byName.get(TunnelPortName.of(tunnel.remoteIp().toString()));
                if (port != null) {
                    tunnels.put(tunnel.to(), port);
                }
            }
            state.tunnels = Map.copyOf(tunnels);
            state.tunnelsForVtep = vtep;
            state.tunnelsForPorts = ports;
        }
        return state.tunnels;
    }

    private static Optional<SwitchContext.MacRoute> route(VtepId self, OpenFlowSwitch sw, MacEntry entry,
            Map<VtepId, OFPort> tunnels) {
        if (entry.location() instanceof MacLocation.Local local && local.vtep().equals(self)) {
            return ofport(sw, local.portVlan().port().value()).map(port -> new SwitchContext.LocalMac(entry.vni(),
                    entry.mac(), port, local.portVlan().vlan().value(), entry.source() == MacSource.LEARNED));
        }
        OFPort tunnel = tunnels.get(entry.location().vtep());
        return tunnel == null || entry.location().vtep().equals(self) ? Optional.empty()
                : Optional.of(new SwitchContext.RemoteMac(entry.vni(), entry.mac(), tunnel));
    }

    static Optional<OFPort> ofport(OpenFlowSwitch sw, String name) {
        return sw.port(name).map(OFPortDesc::getPortNo);
    }
}

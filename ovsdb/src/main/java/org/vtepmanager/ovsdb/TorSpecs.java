package org.vtepmanager.ovsdb;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Replication;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.mac.ArpBinding;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.topology.DesiredState;
import org.vtepmanager.core.topology.VtepDesiredState;
import org.vtepmanager.ovsdb.tor.TorSpec;

/**
 * What one ToR must hold, from the desired state and the MAC tables (pure): a Logical_Switch per network bound on
 * its ports, its bindings, a remote MAC for every MAC of the network that lives on another VTEP whose tunnel IP is
 * known, and as flood list the network's other VTEPs (source-node replication) or its service nodes (service-node
 * replication). A network that sets no replication gets the manager-wide default.
 */
final class TorSpecs {

    private TorSpecs() {
    }

    /**
     * @param macs every MAC entry of the networks bound on {@code tor} (other networks' entries are ignored)
     * @param arps per network, IP ↔ MAC bindings gleaned from ARP; an IPv4 one fills a remote MAC's ipaddr
     * @param defaultServiceNodes tunnel IPs of the service nodes for networks that set no replication; empty means
     *     source-node replication for them
     */
    static TorSpec compute(VtepId tor, DesiredState desired, List<MacEntry> macs, Map<Vni, List<ArpBinding>> arps,
            List<String> defaultServiceNodes) {
        VtepDesiredState own = desired.vteps().get(tor);
        if (own == null) {
            return new TorSpec(new TreeMap<>(), new TreeMap<>());
        }
        Map<VtepId, Optional<TunnelIp>> members = desired.meshMembers();
        // Grouped once by network, not filtered for each: a ToR carries thousands of networks.
        Map<Vni, List<MacEntry>> macsByNetwork = macs.stream().collect(Collectors.groupingBy(MacEntry::vni));
        Map<Vni, List<VtepDesiredState>> othersByNetwork = othersByNetwork(tor, desired);
        SortedMap<String, TorSpec.LogicalSwitchSpec> switches = new TreeMap<>();
        for (VirtualNetwork network : own.networks()) {
            long vni = network.vni().value();
            String name = TorSpec.logicalSwitchName(vni);
            List<String> serviceNodes = serviceNodes(network, defaultServiceNodes);
            boolean sourceNode = serviceNodes.isEmpty();
            // A ToR left out (another VTEP holds the tunnel IP it reports) is given nowhere to send: what it sent
            // would arrive as that VTEP's. Its switches and bindings stay.
            boolean sends = !own.leftOut();
            Map<String, TorSpec.RemoteMac> remote = sends ? remoteMacs(tor, own.tunnelIp(), members,
                    macsByNetwork.getOrDefault(network.vni(), List.of()), arps.getOrDefault(network.vni(), List.of()))
                    : Map.of();
            List<VtepDesiredState> others = othersByNetwork.getOrDefault(network.vni(), List.of());
            SortedSet<String> flood = !sends ? new TreeSet<>()
                    : sourceNode ? floodIps(own.tunnelIp(), others) : new TreeSet<>(serviceNodes);
            switches.put(name, new TorSpec.LogicalSwitchSpec(name, vni, TorSpec.description(network.name()), remote,
                    sourceNode ? TorSpec.Replication.SOURCE_NODE : TorSpec.Replication.SERVICE_NODE, flood,
                    sends && sourceNode && others.stream().anyMatch(other -> other.tunnelIp().isEmpty())));
        }
        SortedMap<String, SortedMap<Long, String>> bindings = new TreeMap<>();
        for (VlanBinding binding : own.bindings()) {
            bindings.computeIfAbsent(binding.portVlan().port().value(), p -> new TreeMap<>())
                    .put((long) binding.portVlan().vlan().value(), TorSpec.logicalSwitchName(binding.vni().value()));
        }
        return new TorSpec(switches, bindings);
    }

    /** The network's own service nodes, none when it asks for source node, else the manager default. */
    private static List<String> serviceNodes(VirtualNetwork network, List<String> defaultServiceNodes) {
        return network.replication().map(replication -> replication instanceof Replication.ServiceNode service
                ? service.serviceNodes().stream().map(TunnelIp::toString).toList()
                : List.<String>of()).orElse(defaultServiceNodes);
    }

    /** The VTEPs other than {@code tor} that carry each network. */
    private static Map<Vni, List<VtepDesiredState>> othersByNetwork(VtepId tor, DesiredState desired) {
        Map<Vni, List<VtepDesiredState>> others = new HashMap<>();
        desired.vteps().forEach((id, state) -> {
            if (!id.equals(tor)) {
                state.networks().forEach(n -> others.computeIfAbsent(n.vni(), vni -> new ArrayList<>()).add(state));
            }
        });
        return others;
    }

    /**
     * {@code macs}: the network's. Hashed, not sorted: a pass over a ToR's every MAC spent a fifth of its time
     * ordering strings.
     */
    private static Map<String, TorSpec.RemoteMac> remoteMacs(VtepId tor, Optional<TunnelIp> ownIp,
            Map<VtepId, Optional<TunnelIp>> members, List<MacEntry> macs, List<ArpBinding> arps) {
        Map<MacAddress, String> ipOf = ipv4ByMac(arps);
        Map<String, TorSpec.RemoteMac> remote = new HashMap<>();
        for (MacEntry entry : macs) {
            remoteMac(tor, ownIp, members, entry, Optional.ofNullable(ipOf.get(entry.mac())))
                    .ifPresent(r -> remote.put(entry.mac().toString(), r));
        }
        return remote;
    }

    /**
     * The remote MAC {@code entry} makes on {@code tor}: none when it lives on {@code tor} itself, on a VTEP that
     * left intent (its MACs have nowhere to go) or on one sharing the ToR's own tunnel IP.
     *
     * @param claimed the IPv4 address the MAC claims ({@link #ipv4ByMac}, {@link #ipv4})
     */
    static Optional<TorSpec.RemoteMac> remoteMac(VtepId tor, Optional<TunnelIp> ownIp,
            Map<VtepId, Optional<TunnelIp>> members, MacEntry entry, Optional<String> claimed) {
        VtepId where = entry.location().vtep();
        Optional<TunnelIp> ip = members.get(where);
        if (where.equals(tor) || ip == null || (ip.isPresent() && ip.equals(ownIp))) {
            return Optional.empty();
        }
        return Optional.of(new TorSpec.RemoteMac(ip.map(TunnelIp::toString), claimed));
    }

    /** Per MAC of {@code arps}, the address {@link #ipv4} picks of its claims. */
    private static Map<MacAddress, String> ipv4ByMac(List<ArpBinding> arps) {
        Map<MacAddress, String> ipOf = new HashMap<>();
        arps.stream().collect(Collectors.groupingBy(ArpBinding::mac, Collectors.mapping(ArpBinding::ip,
                Collectors.toList()))).forEach((mac, claims) -> ipv4(claims).ifPresent(ip -> ipOf.put(mac, ip)));
        return ipOf;
    }

    /**
     * Of one MAC's claims, the one its remote MAC row publishes (a ToR's ipaddr holds one IPv4 address): the first
     * IPv4 one by address text, whether a whole pass or a pass of changed MACs asks.
     */
    static Optional<String> ipv4(Collection<InetAddress> claims) {
        return claims.stream().filter(Inet4Address.class::isInstance).map(InetAddress::getHostAddress)
                .min(Comparator.naturalOrder());
    }

    /** The tunnel IPs of the network's other VTEPs ({@code others}) that are known and not the ToR's own. */
    private static SortedSet<String> floodIps(Optional<TunnelIp> ownIp, List<VtepDesiredState> others) {
        SortedSet<String> ips = new TreeSet<>();
        for (VtepDesiredState other : others) {
            if (other.tunnelIp().isPresent() && !other.tunnelIp().equals(ownIp)) {
                ips.add(other.tunnelIp().get().toString());
            }
        }
        return ips;
    }
}

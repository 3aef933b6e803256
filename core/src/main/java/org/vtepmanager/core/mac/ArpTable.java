package org.vtepmanager.core.mac;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/**
 * (IP → MAC) bindings of one network gleaned from ARP, so VTEPs can answer ARP locally instead of flooding it across
 * tunnels. Not thread-safe: its owner serializes access.
 */
public final class ArpTable {

    private final Vni vni;
    private final Map<InetAddress, ArpBinding> bindings = new HashMap<>();
    /** The IPs each MAC claims, for a caller that asks about a few MACs of a large table. */
    private final Map<MacAddress, Set<InetAddress>> claims = new HashMap<>();

    public ArpTable(Vni vni) {
        this.vni = vni;
    }

    /**
     * Records that {@code mac} claims {@code ip}; the latest claim wins, as in a host's ARP cache.
     * ARP probes (sender 0.0.0.0, RFC 5227) and group MACs claim nothing and are ignored.
     *
     * @return the MACs whose claims changed: none when {@code mac} already held {@code ip}, else {@code mac}, and
     *     also the MAC it took {@code ip} from
     */
    public List<MacAddress> glean(InetAddress ip, MacAddress mac, long nowMillis) {
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || mac.isMulticast() || mac.bits() == 0) {
            return List.of();
        }
        ArpBinding previous = bindings.put(ip, new ArpBinding(vni, ip, mac, nowMillis));
        if (previous != null && previous.mac().equals(mac)) {
            return List.of();
        }
        claims.computeIfAbsent(mac, m -> new HashSet<>(2)).add(ip);
        if (previous == null) {
            return List.of(mac);
        }
        unclaim(previous);
        return List.of(mac, previous.mac());
    }

    /**
     * The MAC that claimed {@code ip} within the last {@code reachableMillis}. An older claim is not trusted to
     * answer for its owner: a host may have taken a new MAC without announcing it, and only asking it tells.
     */
    public Optional<MacAddress> resolve(InetAddress ip, long nowMillis, long reachableMillis) {
        ArpBinding binding = bindings.get(ip);
        if (binding == null || binding.lastSeenMillis() <= nowMillis - reachableMillis) {
            return Optional.empty();
        }
        return Optional.of(binding.mac());
    }

    /** Removes the bindings not seen for {@code agingMillis}; returns them. */
    public List<ArpBinding> ageOut(long nowMillis, long agingMillis) {
        List<ArpBinding> aged = new ArrayList<>();
        bindings.values().removeIf(b -> b.lastSeenMillis() <= nowMillis - agingMillis && aged.add(b));
        aged.forEach(this::unclaim);
        return aged;
    }

    /** The IPs {@code mac} claims now, in no order. */
    public Set<InetAddress> claimsOf(MacAddress mac) {
        return Set.copyOf(claims.getOrDefault(mac, Set.of()));
    }

    private void unclaim(ArpBinding binding) {
        Set<InetAddress> ips = claims.get(binding.mac());
        if (ips != null && ips.remove(binding.ip()) && ips.isEmpty()) {
            claims.remove(binding.mac());
        }
    }

    /** By IP, as text. */
    public List<ArpBinding> bindings() {
        return sorted(bindings.values());
    }

    /** A copy, in no order: for a caller that sorts it after letting go of the table. */
    List<ArpBinding> unsortedBindings() {
        return List.copyOf(bindings.values());
    }

    static List<ArpBinding> sorted(Collection<ArpBinding> bindings) {
        return bindings.stream().sorted(Comparator.comparing(b -> b.ip().getHostAddress())).toList();
    }
}

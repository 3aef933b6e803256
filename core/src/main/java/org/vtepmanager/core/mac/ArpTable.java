package org.vtepmanager.core.mac;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/**
 * (IP → MAC) bindings of one network gleaned from ARP, so VTEPs can answer ARP locally instead of flooding it across
 * tunnels. Not thread-safe: its owner serializes access.
 */
public final class ArpTable {

    private final Vni vni;
    private final Map<InetAddress, ArpBinding> bindings = new HashMap<>();

    public ArpTable(Vni vni) {
        this.vni = vni;
    }

    /**
     * Records that {@code mac} claims {@code ip}; the latest claim wins, as in a host's ARP cache.
     * ARP probes (sender 0.0.0.0, RFC 5227) and group MACs claim nothing and are ignored.
     *
     * @return true when the binding was new or changed MAC
     */
    public boolean glean(InetAddress ip, MacAddress mac, long nowMillis) {
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || mac.isMulticast() || mac.bits() == 0) {
            return false;
        }
        ArpBinding previous = bindings.put(ip, new ArpBinding(vni, ip, mac, nowMillis));
        return previous == null || !previous.mac().equals(mac);
    }

    public Optional<MacAddress> resolve(InetAddress ip) {
        return Optional.ofNullable(bindings.get(ip)).map(ArpBinding::mac);
    }

    public int ageOut(long nowMillis, long agingMillis) {
        int before = bindings.size();
        bindings.values().removeIf(b -> b.lastSeenMillis() <= nowMillis - agingMillis);
        return before - bindings.size();
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

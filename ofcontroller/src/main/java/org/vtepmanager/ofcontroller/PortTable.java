package org.vtepmanager.ofcontroller;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A switch's ports. Only the connection's event loop writes; any thread reads. Each change publishes a new
 * immutable snapshot, so a reader never sees a half-applied PORT_STATUS.
 */
final class PortTable {

    /** The views of one set of ports; by name, the lowest-numbered port wins should a switch repeat a name. */
    private record Snapshot(Map<OFPort, OFPortDesc> byNumber, Map<String, OFPortDesc> byName,
            Map<String, OFPort> numbersByName) {
        static Snapshot of(SortedMap<OFPort, OFPortDesc> ports) {
            Map<String, OFPortDesc> byName = new HashMap<>();
            ports.values().forEach(port -> byName.putIfAbsent(port.getName(), port));
            Map<String, OFPort> numbers = new HashMap<>();
            byName.forEach((name, port) -> numbers.put(name, port.getPortNo()));
            return new Snapshot(ImmutableSortedMap.copyOfSorted(ports), Map.copyOf(byName), Map.copyOf(numbers));
        }
    }

    private volatile Snapshot snapshot = Snapshot.of(new TreeMap<>());

    void replaceAll(Collection<OFPortDesc> ports) {
        TreeMap<OFPort, OFPortDesc> next = new TreeMap<>();
        ports.forEach(port -> next.put(port.getPortNo(), port));
        snapshot = Snapshot.of(next);
    }

    void apply(OFPortReason reason, OFPortDesc port) {
        TreeMap<OFPort, OFPortDesc> next = new TreeMap<>(snapshot.byNumber());
        if (reason == OFPortReason.DELETE) {
            next.remove(port.getPortNo());
        } else {
            next.put(port.getPortNo(), port);
        }
        snapshot = Snapshot.of(next);
    }

    /** The same map instance until the ports change, so callers may cache what they derive from it. */
    Map<OFPort, OFPortDesc> byNumber() {
        return snapshot.byNumber();
    }

    /** The same map instance until the ports change; see {@link OpenFlowSwitch#portNumbers}. */
    Map<String, OFPort> numbersByName() {
        return snapshot.numbersByName();
    }

    /** A map lookup, not a scan: every learn resolves its port by name, and a hypervisor may have hundreds. */
    Optional<OFPortDesc> byName(String name) {
        return Optional.ofNullable(snapshot.byName().get(name));
    }
}

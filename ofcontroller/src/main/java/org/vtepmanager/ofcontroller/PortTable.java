package org.vtepmanager.ofcontroller;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A switch's ports. Only the connection's event loop writes; any thread reads. Each change publishes a new
 * immutable snapshot, so a reader never sees a half-applied PORT_STATUS.
 */
final class PortTable {

    private volatile Map<OFPort, OFPortDesc> byNumber = ImmutableSortedMap.of();

    void replaceAll(Collection<OFPortDesc> ports) {
        TreeMap<OFPort, OFPortDesc> next = new TreeMap<>();
        ports.forEach(port -> next.put(port.getPortNo(), port));
        byNumber = ImmutableSortedMap.copyOfSorted(next);
    }

    void apply(OFPortReason reason, OFPortDesc port) {
        TreeMap<OFPort, OFPortDesc> next = new TreeMap<>(byNumber);
        if (reason == OFPortReason.DELETE) {
            next.remove(port.getPortNo());
        } else {
            next.put(port.getPortNo(), port);
        }
        byNumber = ImmutableSortedMap.copyOfSorted(next);
    }

    Map<OFPort, OFPortDesc> byNumber() {
        return byNumber;
    }

    Optional<OFPortDesc> byName(String name) {
        return byNumber.values().stream().filter(port -> port.getName().equals(name)).findFirst();
    }
}

package org.vtepmanager.ovsdb.tor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the manager keeps true on one ToR's hardware_vtep database.
 *
 * @param logicalSwitches one per network bound on a port of this ToR, by Logical_Switch name
 * @param bindings Physical_Port name → VLAN → Logical_Switch name
 * @param settling the manager has just (re)started and its MAC tables may not hold every MAC yet: remote MACs and
 *     flood members are added and corrected but none removed, so a restart flushes no working traffic
 */
public record TorSpec(SortedMap<String, LogicalSwitchSpec> logicalSwitches,
        SortedMap<String, SortedMap<Long, String>> bindings, boolean settling) {

    /** A settled spec: what it leaves out goes. */
    public TorSpec(SortedMap<String, LogicalSwitchSpec> logicalSwitches,
            SortedMap<String, SortedMap<Long, String>> bindings) {
        this(logicalSwitches, bindings, false);
    }

    /** The Logical_Switch of network {@code vni}; ownership is also recorded in its description. */
    public static String logicalSwitchName(long vni) {
        return HardwareVtep.switchName(vni);
    }

    public static String description(String network) {
        return HardwareVtep.description(network);
    }

    public TorSpec {
        logicalSwitches = new TreeMap<>(logicalSwitches);
        SortedMap<String, SortedMap<Long, String>> copy = new TreeMap<>();
        bindings.forEach((port, vlans) -> copy.put(port, new TreeMap<>(vlans)));
        bindings = copy;
    }

    /**
     * One network on this ToR.
     *
     * @param remoteMacs MAC (lower case) → where it lives: one Ucast_Macs_Remote row each; a network's MACs may
     *     number hundreds of thousands, so they are hashed, not sorted
     * @param replication who replicates broadcast and unknown frames, and so what {@code floodIps} holds
     * @param floodIps the unknown-dst locator set: every other VTEP of the network (source-node replication) or the
     *     service nodes (service-node replication); empty means no Mcast_Macs_Remote row
     * @param floodIncomplete some VTEP of the network has no known tunnel IP right now (just after a manager
     *     restart, before it reported): the flood set may grow to {@code floodIps} but keeps its other members
     */
    public record LogicalSwitchSpec(String name, long tunnelKey, String description,
            Map<String, RemoteMac> remoteMacs, Replication replication, SortedSet<String> floodIps,
            boolean floodIncomplete) {

        public LogicalSwitchSpec {
            remoteMacs = new HashMap<>(remoteMacs);
            floodIps = new TreeSet<>(floodIps);
        }
    }

    /** Logical_Switch replication_mode. */
    public enum Replication {
        /** The ToR sends a copy to every VTEP of the network itself. */
        SOURCE_NODE("source_node"),
        /** The ToR sends one copy to a service node, which replicates it. */
        SERVICE_NODE("service_node");

        private final String wireName;

        Replication(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * A MAC behind another VTEP: reached through the locator of {@code tunnelIp}; {@code ip} lets the ToR answer
     * ARP. An empty tunnel IP means that VTEP's IP is not known right now: an existing row is kept as it is (a
     * restarted manager must not flush working traffic), none is created.
     */
    public record RemoteMac(Optional<String> tunnelIp, Optional<String> ip) {
    }
}

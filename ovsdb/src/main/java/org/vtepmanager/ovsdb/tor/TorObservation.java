package org.vtepmanager.ovsdb.tor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one connected ToR looks like right now, as read from its hardware_vtep database.
 *
 * @param peer the session's name (target or remote address), unique among live sessions
 * @param dialledIn true when the switch dialled the manager ({@code vtep-ctl set-manager})
 * @param physicalSwitch the Physical_Switch name: the identity of a ToR that dials in
 * @param physicalSwitchRow the Physical_Switch row's UUID: the identity of the database, the same through any
 *     session (two ToRs may both call themselves br0, as ovs-vtep does)
 * @param tunnelIps Physical_Switch tunnel_ips (the first is the ToR's tunnel IP)
 * @param ports names of the switch's Physical_Ports
 * @param localMacs the switch's Ucast_Macs_Local rows in our Logical_Switches
 * @param tunnelBfd remote tunnel IP → BFD state of the switch's tunnel to it, for the tunnels that report one
 * @param problems what is wrong or could not be made true, each naming the table and row
 * @param certificateExpiry on a TLS session, when the switch's certificate expires
 */
public record TorObservation(String peer, boolean dialledIn, Optional<String> physicalSwitch,
        Optional<UUID> physicalSwitchRow, List<String> tunnelIps,
        List<String> managementIps, List<String> ports, List<LocalMac> localMacs, SortedMap<String, String> tunnelBfd,
        List<String> problems, Optional<Instant> certificateExpiry) {

    public TorObservation {
        tunnelIps = List.copyOf(tunnelIps);
        managementIps = List.copyOf(managementIps);
        ports = List.copyOf(ports);
        localMacs = List.copyOf(localMacs);
        tunnelBfd = new TreeMap<>(tunnelBfd);
        problems = List.copyOf(problems);
    }

    /** A MAC the ToR learned behind one of its ports, in network {@code vni} (its Logical_Switch tunnel_key). */
    public record LocalMac(long vni, String mac, Optional<String> ip) {
    }
}

package org.vtepmanager.ovsdb.hypervisor;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one connected hypervisor looks like right now, as read from its database.
 *
 * @param peer the session's name (target or remote address), unique among live sessions
 * @param dialledIn true when the switch dialled the manager ({@code set-manager}), false when we dialled it
 * @param systemId {@code Open_vSwitch external_ids:system-id}
 * @param databaseRow the Open_vSwitch row's UUID: the identity of the database, the same through any session
 * @param tunnelIp {@code Open_vSwitch other_config:local_ip}; empty means the hypervisor gets no tunnels
 * @param datapathId the integration bridge's {@code datapath_id} (16 hex digits), once ovs-vswitchd set it
 * @param ports non-tunnel ports of the integration bridge: VMs and patch ports
 * @param problems what the manager could not make true, each naming the row or field
 * @param certificateExpiry on a TLS session, when the switch's certificate expires
 * @param controllerDown ovs-vswitchd reports the integration bridge unconnected to our controller ({@link
 *     ControllerLink})
 * @param tunnelBfd remote tunnel IP → BFD state of the hypervisor's tunnel port to it, for those that report one
 */
public record HypervisorObservation(String peer, boolean dialledIn, Optional<String> systemId,
        Optional<UUID> databaseRow, Optional<String> tunnelIp, Optional<String> datapathId,
        List<VmPort> ports, List<String> problems, Optional<Instant> certificateExpiry, boolean controllerDown,
        SortedMap<String, String> tunnelBfd) {

    public HypervisorObservation {
        ports = List.copyOf(ports);
        problems = List.copyOf(problems);
        tunnelBfd = Collections.unmodifiableSortedMap(new TreeMap<>(tunnelBfd));
    }

    /**
     * A port of the integration bridge; {@code mac} and {@code ifaceId} come from Interface external_ids, {@code mtu}
     * is the one ovs-vswitchd reports for its device (none for a patch port, or a device not there).
     */
    public record VmPort(String name, long ofport, Optional<String> mac, Optional<String> ifaceId, OptionalInt mtu) {
    }
}

package org.vtepmanager.core.topology;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/**
 * What the southbound last saw of one VTEP: session state, the tunnel IP the VTEP itself reports, the datapath id
 * of its integration bridge (how its OpenFlow session is matched to it), its ports, what is wrong with it
 * (unreachable, wrong schema, no tunnel IP, a row the manager cannot write), each naming the cause, over TLS when
 * the certificate its session was opened with expires (after which the manager refuses it), and every tunnel IP
 * the switch lists: a ToR may list several, and reports the first usable one as {@code tunnelIp}.
 *
 * @param controllerDown the switch itself reports its integration bridge unconnected to the manager's OpenFlow
 *     controller (a hypervisor's Controller {@code is_connected}); its session then says why among its problems
 */
public record VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp,
        OptionalLong datapathId, List<SwitchPort> ports, List<String> problems, Optional<Instant> certificateExpiry,
        List<TunnelIp> listedTunnelIps, boolean controllerDown) {

    public VtepObservation {
        tunnelIp = tunnelIp == null ? Optional.empty() : tunnelIp;
        datapathId = datapathId == null ? OptionalLong.empty() : datapathId;
        ports = ports == null ? List.of() : List.copyOf(ports);
        problems = problems == null ? List.of() : List.copyOf(problems);
        certificateExpiry = certificateExpiry == null ? Optional.empty() : certificateExpiry;
        listedTunnelIps = listedTunnelIps == null ? tunnelIp.stream().toList() : List.copyOf(listedTunnelIps);
    }

    /** An observation of a VTEP whose switch reports no bridge down (a ToR has none). */
    public VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, OptionalLong datapathId,
            List<SwitchPort> ports, List<String> problems, Optional<Instant> certificateExpiry,
            List<TunnelIp> listedTunnelIps) {
        this(vtep, state, tunnelIp, datapathId, ports, problems, certificateExpiry, listedTunnelIps, false);
    }

    /** An observation of a VTEP that lists one tunnel IP at most, the one it reports (a hypervisor's local_ip). */
    public VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, OptionalLong datapathId,
            List<SwitchPort> ports, List<String> problems, Optional<Instant> certificateExpiry) {
        this(vtep, state, tunnelIp, datapathId, ports, problems, certificateExpiry, null);
    }

    /** An observation of a VTEP whose session is not TLS (or not open). */
    public VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, OptionalLong datapathId,
            List<SwitchPort> ports, List<String> problems) {
        this(vtep, state, tunnelIp, datapathId, ports, problems, Optional.empty());
    }

    /** An observation of a VTEP without an OpenFlow datapath (or whose datapath id is not known yet). */
    public VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, List<SwitchPort> ports,
            List<String> problems) {
        this(vtep, state, tunnelIp, OptionalLong.empty(), ports, problems);
    }

    public static VtepObservation unknown(VtepId vtep) {
        return new VtepObservation(vtep, ConnectionState.DISCONNECTED, Optional.empty(), List.of(), List.of());
    }
}

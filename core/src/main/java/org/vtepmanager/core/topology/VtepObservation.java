package org.vtepmanager.core.topology;

import java.util.List;
import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/**
 * What the southbound last saw of one VTEP: session state, the tunnel IP the VTEP itself reports, its ports, and
 * what is wrong with it (unreachable, wrong schema, no tunnel IP, a row the manager cannot write), each naming the
 * cause.
 */
public record VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp,
        List<SwitchPort> ports, List<String> problems) {

    public VtepObservation {
        tunnelIp = tunnelIp == null ? Optional.empty() : tunnelIp;
        ports = ports == null ? List.of() : List.copyOf(ports);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static VtepObservation unknown(VtepId vtep) {
        return new VtepObservation(vtep, ConnectionState.DISCONNECTED, Optional.empty(), List.of(), List.of());
    }
}

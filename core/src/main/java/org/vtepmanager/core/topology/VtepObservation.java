package org.vtepmanager.core.topology;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/**
 * What the southbound last saw of one VTEP: session state, the tunnel IP the VTEP itself reports, the datapath id
 * of its integration bridge (how its OpenFlow session is matched to it), its ports, and what is wrong with it
 * (unreachable, wrong schema, no tunnel IP, a row the manager cannot write), each naming the cause.
 */
public record VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp,
        OptionalLong datapathId, List<SwitchPort> ports, List<String> problems) {

    public VtepObservation {
        tunnelIp = tunnelIp == null ? Optional.empty() : tunnelIp;
        datapathId = datapathId == null ? OptionalLong.empty() : datapathId;
        ports = ports == null ? List.of() : List.copyOf(ports);
        problems = problems == null ? List.of() : List.copyOf(problems);
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

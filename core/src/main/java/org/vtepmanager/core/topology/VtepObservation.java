package org.vtepmanager.core.topology;

import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;

/** What the southbound last saw of one VTEP: session state and the tunnel IP the VTEP itself reports. */
public record VtepObservation(VtepId vtep, ConnectionState state, Optional<TunnelIp> tunnelIp) {

    public VtepObservation {
        tunnelIp = tunnelIp == null ? Optional.empty() : tunnelIp;
    }

    public static VtepObservation unknown(VtepId vtep) {
        return new VtepObservation(vtep, ConnectionState.DISCONNECTED, Optional.empty());
    }
}

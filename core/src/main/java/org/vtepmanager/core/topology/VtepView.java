package org.vtepmanager.core.topology;

import java.util.List;
import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Vtep;

/** A registered VTEP with what is known about it now: session state, tunnel IP in effect, ports, problems. */
public record VtepView(Vtep vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, List<SwitchPort> ports,
        List<String> problems) {

    public VtepView {
        ports = List.copyOf(ports);
        problems = List.copyOf(problems);
    }
}

package org.vtepmanager.core.topology;

import java.util.List;
import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Vtep;

/** A registered VTEP with what is known about it now: session state, the tunnel IP in effect, its problems. */
public record VtepView(Vtep vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, List<String> problems) {

    public VtepView {
        problems = List.copyOf(problems);
    }
}

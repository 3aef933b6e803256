package org.vtepmanager.core.topology;

import java.util.Optional;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Vtep;

/** A registered VTEP with what is known about it now: session state and the tunnel IP in effect. */
public record VtepView(Vtep vtep, ConnectionState state, Optional<TunnelIp> tunnelIp) {
}

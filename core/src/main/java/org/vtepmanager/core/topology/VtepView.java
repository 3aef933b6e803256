package org.vtepmanager.core.topology;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Vtep;

/**
 * A registered VTEP with what is known about it now: session state, tunnel IP in effect, datapath id of its
 * integration bridge, ports, problems, its switch's flow tables (empty without an OpenFlow switch), and when the
 * certificate of its TLS session expires.
 */
public record VtepView(Vtep vtep, ConnectionState state, Optional<TunnelIp> tunnelIp, OptionalLong datapathId,
        List<SwitchPort> ports, List<String> problems, List<FlowTableSummary> flowTables,
        Optional<Instant> certificateExpiry) {

    public VtepView {
        ports = List.copyOf(ports);
        problems = List.copyOf(problems);
        flowTables = List.copyOf(flowTables);
    }
}

package org.vtepmanager.core.store;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Replication;

/**
 * A network's replication setting in its two columns: {@code replication} (the mode, NULL when the network leaves
 * it to the manager default) and {@code service_nodes} (the IPs, space-separated in order, NULL unless service-node).
 */
final class ReplicationColumns {

    private ReplicationColumns() {
    }

    static String mode(Optional<Replication> replication) {
        return replication.map(Replication::mode).orElse(null);
    }

    static String serviceNodes(Optional<Replication> replication) {
        return replication.filter(Replication.ServiceNode.class::isInstance).map(Replication.ServiceNode.class::cast)
                .map(r -> r.serviceNodes().stream().map(TunnelIp::toString).collect(Collectors.joining(" ")))
                .orElse(null);
    }

    static Optional<Replication> read(String mode, String serviceNodes) {
        if (mode == null) {
            return Optional.empty();
        }
        List<String> ips = serviceNodes == null ? List.of() : Arrays.asList(serviceNodes.split(" "));
        return Optional.of(Replication.of(mode, ips));
    }
}

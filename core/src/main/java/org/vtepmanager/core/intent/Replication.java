package org.vtepmanager.core.intent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.TunnelIp;

/**
 * Who copies a network's broadcast and unknown-destination frames to the other VTEPs of the network, as hardware
 * VTEPs are told it (hardware_vtep Logical_Switch replication_mode): the VTEP itself ({@link SourceNode}) or one of
 * a set of service nodes that replicate on its behalf ({@link ServiceNode}).
 */
public sealed interface Replication {

    String SOURCE_NODE = "source-node";
    String SERVICE_NODE = "service-node";

    /** The wire name: {@code source-node} or {@code service-node}. */
    String mode();

    /** The ingress VTEP sends one copy to every other VTEP of the network. */
    record SourceNode() implements Replication {
        @Override
        public String mode() {
            return SOURCE_NODE;
        }
    }

    /** The ingress VTEP sends one copy to a service node; the list is non-empty and has no duplicates. */
    record ServiceNode(List<TunnelIp> serviceNodes) implements Replication {

        public ServiceNode {
            if (serviceNodes == null || serviceNodes.isEmpty()) {
                throw new InvalidValueException("replication.serviceNodes",
                        "is empty; service-node replication needs at least one service node");
            }
            serviceNodes = List.copyOf(serviceNodes);
            Set<TunnelIp> seen = new HashSet<>();
            for (int i = 0; i < serviceNodes.size(); i++) {
                if (!seen.add(serviceNodes.get(i))) {
                    throw new InvalidValueException(element(i), serviceNodes.get(i) + " is listed twice");
                }
            }
        }

        @Override
        public String mode() {
            return SERVICE_NODE;
        }
    }

    /**
     * A replication setting from its wire form, every error naming the field as the REST API shows it
     * ({@code replication.mode}, {@code replication.serviceNodes[1]}).
     *
     * @param serviceNodes tunnel IP literals; must be empty for source-node, non-empty for service-node
     */
    static Replication of(String mode, List<String> serviceNodes) {
        if (SOURCE_NODE.equals(mode)) {
            if (!serviceNodes.isEmpty()) {
                throw new InvalidValueException("replication.serviceNodes", "must be empty with mode " + SOURCE_NODE);
            }
            return new SourceNode();
        }
        if (!SERVICE_NODE.equals(mode)) {
            throw new InvalidValueException("replication.mode",
                    "'" + mode + "' is not one of " + SOURCE_NODE + ", " + SERVICE_NODE);
        }
        List<TunnelIp> ips = new ArrayList<>();
        for (int i = 0; i < serviceNodes.size(); i++) {
            ips.add(TunnelIp.parse(element(i), serviceNodes.get(i)));
        }
        return new ServiceNode(ips);
    }

    private static String element(int index) {
        return "replication.serviceNodes[" + index + "]";
    }
}

package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Replication;

/**
 * A network's {@code "replication"}: {@code {"mode": "source-node"}} or {@code {"mode": "service-node",
 * "serviceNodes": ["192.0.2.9", ...]}}. Absent (or null) means the manager-wide default. Errors name the nested
 * field ({@code replication.mode}, {@code replication.serviceNodes[1]}) so the dashboard can point at it.
 */
final class ReplicationJson {

    private static final String FIELD = "replication";
    private static final Set<String> FIELDS = Set.of("mode", "serviceNodes");

    private ReplicationJson() {
    }

    static Optional<Replication> parse(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject json)) {
            throw JsonBody.wrongType(FIELD, value, "an object like {\"mode\": \"source-node\"}");
        }
        JsonBody.refuseUnknown(json, FIELD + ".", "replication", FIELDS);
        Object mode = json.getValue("mode");
        if (!(mode instanceof String text)) {
            throw mode == null ? new ApiError(400, FIELD + ".mode", "is required")
                    : JsonBody.wrongType(FIELD + ".mode", mode, "a string");
        }
        return Optional.of(Replication.of(text, serviceNodes(json.getValue("serviceNodes"))));
    }

    static JsonObject view(Replication replication) {
        JsonObject json = new JsonObject().put("mode", replication.mode());
        if (replication instanceof Replication.ServiceNode service) {
            json.put("serviceNodes", new JsonArray(service.serviceNodes().stream().map(TunnelIp::toString).toList()));
        }
        return json;
    }

    private static List<String> serviceNodes(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw JsonBody.wrongType(FIELD + ".serviceNodes", value, "an array of IP addresses");
        }
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String ip)) {
                throw JsonBody.wrongType(FIELD + ".serviceNodes[" + i + "]", array.getValue(i), "a string");
            }
            ips.add(ip);
        }
        return ips;
    }
}

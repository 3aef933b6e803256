package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.time.Instant;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.Topology;
import org.vtepmanager.core.topology.Tunnel;
import org.vtepmanager.core.topology.VtepView;

/** The JSON form of every resource; the OpenAPI document's schemas describe exactly these. */
final class JsonViews {

    private JsonViews() {
    }

    /** {@code carriedMtu}: what the underlay carries, the MTU of a network that sets none. */
    static JsonObject network(Versioned<VirtualNetwork> versioned, int carriedMtu) {
        VirtualNetwork network = versioned.value();
        JsonObject json = new JsonObject().put("vni", network.vni().value()).put("name", network.name())
                .put("description", network.description()).put("mtu", network.effectiveMtu(carriedMtu))
                .put("mtuSource", network.mtu().isPresent() ? "set" : "derived").put("version", versioned.version());
        // Absent: the network follows the manager-wide default (--service-node), which is not intent.
        network.replication().ifPresent(r -> json.put("replication", ReplicationJson.view(r)));
        return json;
    }

    static JsonObject binding(VlanBinding binding) {
        return new JsonObject().put("vtep", binding.portVlan().vtep().value())
                .put("port", binding.portVlan().port().value()).put("vlan", binding.portVlan().vlan().value())
                .put("vni", binding.vni().value());
    }

    static JsonObject vtep(VtepView view) {
        return new JsonObject().put("id", view.vtep().id().value()).put("kind", view.vtep().kind().wireName())
                .put("ovsdbTarget", view.vtep().ovsdbTarget().map(OvsdbAddress::text).orElse(null))
                .put("tunnelIp", view.tunnelIp().map(Object::toString).orElse(null))
                .put("configuredTunnelIp", view.vtep().tunnelIp().map(Object::toString).orElse(null))
                .put("state", view.state().wireName())
                .put("datapathId", view.datapathId().isPresent()
                        ? String.format("%016x", view.datapathId().getAsLong()) : null)
                .put("ports", new JsonArray(view.ports().stream().map(JsonViews::port).toList()))
                .put("flowTables", new JsonArray(view.flowTables().stream().map(t -> new JsonObject()
                        .put("table", t.table()).put("flows", t.flows()).put("packets", t.packets())).toList()))
                .put("problems", new JsonArray(view.problems()))
                .put("certificateExpires", view.certificateExpiry().map(Instant::toString).orElse(null));
    }

    static JsonObject port(SwitchPort port) {
        return new JsonObject().put("name", port.name()).put("ofport", port.ofport())
                .put("mac", port.mac().map(Object::toString).orElse(null)).put("ifaceId", port.ifaceId().orElse(null))
                .put("mtu", port.mtu().isPresent() ? port.mtu().getAsInt() : null);
    }

    static JsonObject mac(MacEntry entry, long nowMillis) {
        JsonObject json = new JsonObject().put("vni", entry.vni().value()).put("mac", entry.mac().toString())
                .put("ip", entry.ip().map(InetAddress::getHostAddress).orElse(null))
                .put("vtep", entry.location().vtep().value());
        if (entry.location() instanceof MacLocation.Local local) {
            json.put("port", local.portVlan().port().value()).put("vlan", local.portVlan().vlan().value());
        }
        return json.put("source", entry.source().wireName())
                .put("lastSeen", Instant.ofEpochMilli(entry.lastSeenMillis()).toString())
                .put("moves", entry.moves()).put("damped", entry.dampedUntilMillis() > nowMillis);
    }

    static JsonObject tunnel(Tunnel tunnel) {
        JsonObject json = new JsonObject().put("from", tunnel.from().value()).put("to", tunnel.to().value())
                .put("localIp", tunnel.localIp().toString()).put("remoteIp", tunnel.remoteIp().toString())
                .put("vnis", new JsonArray(tunnel.vnis().stream().map(Vni::value).toList()));
        // Absent when the from-VTEP reports no BFD session on it; the dashboard labels the tunnel only when present.
        tunnel.bfd().ifPresent(state -> json.put("bfd", new JsonObject().put("state", state)));
        return json;
    }

    static JsonObject topology(Topology topology, long nowMillis) {
        return new JsonObject().put("revision", topology.revision()).put("underlayMtu", topology.underlayMtu())
                .put("vteps", new JsonArray(topology.vteps().stream().map(JsonViews::vtep).toList()))
                .put("tunnels", new JsonArray(topology.tunnels().stream().map(JsonViews::tunnel).toList()))
                .put("networks", new JsonArray(topology.networks().stream()
                        .map(n -> network(n, topology.carriedMtu())).toList()))
                .put("bindings", new JsonArray(topology.bindings().stream().map(JsonViews::binding).toList()))
                .put("endpoints", new JsonArray(topology.endpoints().stream().map(m -> mac(m, nowMillis)).toList()));
    }
}

package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;

/** {@code /api/v1/networks}: create, list, get, replace and delete virtual networks. */
final class NetworkResource {

    private static final String PATH = Api.BASE + "/networks";
    static final Set<String> FIELDS = Set.of("vni", "name", "description", "mtu", "replication");

    private final Api api;

    private NetworkResource(Api api) {
        this.api = api;
    }

    static void mount(Router router, Api api) {
        NetworkResource resource = new NetworkResource(api);
        router.get(PATH).handler(resource::list);
        router.post(PATH).handler(resource::create);
        router.get(PATH + "/:vni").handler(resource::get);
        router.put(PATH + "/:vni").handler(resource::replace);
        router.delete(PATH + "/:vni").handler(resource::delete);
    }

    private void list(RoutingContext ctx) {
        api.render(ctx, () -> new JsonArray(api.services().intent().current().networks().values().stream()
                .map(this::view).toList()));
    }

    private void create(RoutingContext ctx) {
        JsonBody body = JsonBody.of(ctx, "network", FIELDS);
        VirtualNetwork network = network(Vni.of(body.requiredInt("vni")), body);
        api.apply(ctx, new IntentChange.CreateNetwork(network))
                .onSuccess(intent -> Api.created(ctx, PATH + "/" + network.vni(),
                        view(intent.networks().get(network.vni()))))
                .onFailure(ctx::fail);
    }

    /** The ETag is the network's version, for a conditional replace with If-Match. */
    private void get(RoutingContext ctx) {
        Versioned<VirtualNetwork> network = find(vni(ctx));
        Versions.etag(ctx, network.version());
        ctx.json(view(network));
    }

    /** Replaces the network's attributes; the VNI is its identity, so a body VNI must match the path. */
    private void replace(RoutingContext ctx) {
        Vni vni = vni(ctx);
        JsonBody body = JsonBody.of(ctx, "network", FIELDS);
        Optional<Integer> bodyVni = body.optionalInt("vni");
        if (bodyVni.isPresent() && bodyVni.get() != vni.value()) {
            throw new ApiError(400, "vni", bodyVni.get() + " differs from the VNI in the path (" + vni
                    + "); a network's VNI cannot change");
        }
        VirtualNetwork network = network(vni, body);
        api.apply(ctx, new IntentChange.UpdateNetwork(network, Versions.expected(ctx, "network")))
                .onSuccess(intent -> ctx.json(view(intent.networks().get(vni))))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        api.apply(ctx, new IntentChange.DeleteNetwork(vni(ctx)))
                .onSuccess(intent -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /** The network {@code body} describes, as created or replaced with VNI {@code vni}. */
    static VirtualNetwork network(Vni vni, JsonBody body) {
        OptionalInt mtu = body.optionalInt("mtu").map(OptionalInt::of).orElse(OptionalInt.empty());
        return new VirtualNetwork(vni, body.requiredString("name"), body.optionalString("description").orElse(""), mtu,
                ReplicationJson.parse(body.value("replication")));
    }

    private Versioned<VirtualNetwork> find(Vni vni) {
        Versioned<VirtualNetwork> network = api.services().intent().current().networks().get(vni);
        if (network == null) {
            throw new ApiError(404, "vni", "no network " + vni);
        }
        return network;
    }

    private JsonObject view(Versioned<VirtualNetwork> network) {
        return JsonViews.network(network, api.services().topology().carriedMtu());
    }

    static Vni vni(RoutingContext ctx) {
        return Vni.of(PathParams.integer(ctx, "vni"));
    }
}

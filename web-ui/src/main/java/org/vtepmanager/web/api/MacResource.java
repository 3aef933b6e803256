package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.mac.MacFilter;
import org.vtepmanager.core.mac.MacSource;

/**
 * {@code /api/v1/macs}: the MAC tables of all networks, filtered by {@code vni}, {@code vtep}, {@code source};
 * static MACs are added and deleted here (they are intent, so they persist), learned ones only listed.
 */
final class MacResource {

    private static final String PATH = Api.BASE + "/macs";
    static final Set<String> FIELDS = Set.of("vni", "mac", "vtep", "port", "vlan");

    private final Api api;

    private MacResource(Api api) {
        this.api = api;
    }

    static void mount(Router router, Api api) {
        MacResource resource = new MacResource(api);
        router.get(PATH).handler(resource::list);
        router.post(PATH).handler(resource::addStatic);
        router.delete(PATH + "/:vni/:mac").handler(resource::deleteStatic);
    }

    private void list(RoutingContext ctx) {
        MacFilter filter = new MacFilter(query(ctx, "vni").map(v -> Vni.of(integer("vni", v))),
                query(ctx, "vtep").map(VtepId::of), query(ctx, "source").map(MacSource::parse));
        api.render(ctx, () -> {
            long now = api.services().clock().millis();
            return new JsonArray(api.services().macs().entries(filter).stream()
                    .map(e -> JsonViews.mac(e, now)).toList());
        });
    }

    private void addStatic(RoutingContext ctx) {
        StaticMac entry = staticMac(JsonBody.of(ctx, "static MAC", FIELDS));
        Vni vni = entry.vni();
        MacAddress mac = entry.mac();
        MacLocation location = entry.location();
        api.apply(ctx, new IntentChange.AddStaticMac(entry))
                .onSuccess(intent -> {
                    long now = api.services().clock().millis();
                    MacEntry pinned = new MacEntry(vni, mac, location, MacSource.STATIC, now, 0, 0);
                    Api.created(ctx, PATH + "/" + vni + "/" + mac, JsonViews.mac(pinned, now));
                })
                .onFailure(ctx::fail);
    }

    /** A body with {@code port} pins the MAC behind that port VLAN; without, somewhere behind the VTEP. */
    static StaticMac staticMac(JsonBody body) {
        Vni vni = Vni.of(body.requiredInt("vni"));
        MacAddress mac = MacAddress.parse(body.requiredString("mac"));
        VtepId vtep = VtepId.of(body.requiredString("vtep"));
        Optional<String> port = body.optionalString("port");
        if (port.isEmpty() && body.optionalInt("vlan").isPresent()) {
            throw new ApiError(400, "vlan", "is only meaningful with a port");
        }
        MacLocation location = port.<MacLocation>map(p -> MacLocation.Local.of(vtep, PortName.of(p),
                VlanId.of(body.optionalInt("vlan").orElse(0)))).orElseGet(() -> new MacLocation.Remote(vtep));
        return new StaticMac(vni, mac, location);
    }

    private void deleteStatic(RoutingContext ctx) {
        StaticMac.Key key = new StaticMac.Key(NetworkResource.vni(ctx), MacAddress.parse(ctx.pathParam("mac")));
        api.apply(ctx, new IntentChange.DeleteStaticMac(key))
                .onSuccess(intent -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.queryParams().get(name));
    }

    private static int integer(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiError(400, name, "'" + text + "' is not an integer");
        }
    }
}

package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VlanBinding;

/**
 * {@code /api/v1/bindings}: which VLAN on which VTEP port carries which network. A binding is identified by its
 * port VLAN ({@code /bindings/{vtep}/{port}/{vlan}}); port names with '/' are percent-encoded in the path. A PUT
 * there moves it to another network.
 */
final class BindingResource {

    private static final String PATH = Api.BASE + "/bindings";
    static final Set<String> FIELDS = Set.of("vtep", "port", "vlan", "vni");

    private final Api api;

    private BindingResource(Api api) {
        this.api = api;
    }

    static void mount(Router router, Api api) {
        BindingResource resource = new BindingResource(api);
        router.get(PATH).handler(resource::list);
        router.post(PATH).handler(resource::create);
        router.get(PATH + "/:vtep/:port/:vlan").handler(resource::get);
        router.put(PATH + "/:vtep/:port/:vlan").handler(resource::replace);
        router.delete(PATH + "/:vtep/:port/:vlan").handler(resource::delete);
    }

    private void list(RoutingContext ctx) {
        api.render(ctx, () -> new JsonArray(api.services().intent().current().bindingValues().map(JsonViews::binding)
                .toList()));
    }

    private void create(RoutingContext ctx) {
        VlanBinding binding = binding(JsonBody.of(ctx, "binding", FIELDS));
        api.apply(ctx, new IntentChange.CreateBinding(binding))
                .onSuccess(intent -> Api.created(ctx, location(binding.portVlan()), JsonViews.binding(binding)))
                .onFailure(ctx::fail);
    }

    /** The ETag is the binding's version, for a conditional replace with If-Match. */
    private void get(RoutingContext ctx) {
        PortVlan portVlan = portVlan(ctx);
        Versioned<VlanBinding> binding = api.services().intent().current().bindings().get(portVlan);
        if (binding == null) {
            throw new ApiError(404, "port", "no binding on " + portVlan);
        }
        Versions.etag(ctx, binding.version());
        ctx.json(JsonViews.binding(binding.value()));
    }

    /**
     * Moves the port VLAN to another network in one write, where deleting and creating the binding would leave it
     * unbound in between. The port VLAN is the binding's identity: one given in the body must be the path's.
     */
    private void replace(RoutingContext ctx) {
        PortVlan portVlan = portVlan(ctx);
        JsonBody body = JsonBody.of(ctx, "binding", FIELDS);
        requireSame(body.optionalString("vtep"), portVlan.vtep().value(), "vtep");
        requireSame(body.optionalString("port"), portVlan.port().value(), "port");
        requireSame(body.optionalInt("vlan").map(String::valueOf), String.valueOf(portVlan.vlan().value()), "vlan");
        VlanBinding binding = new VlanBinding(portVlan, Vni.of(body.requiredInt("vni")));
        api.apply(ctx, new IntentChange.UpdateBinding(binding, Versions.expected(ctx, "binding")))
                .onSuccess(intent -> ctx.json(JsonViews.binding(binding)))
                .onFailure(ctx::fail);
    }

    /** The binding {@code body} describes; VLAN 0 (untagged) when it names none. */
    static VlanBinding binding(JsonBody body) {
        PortVlan portVlan = new PortVlan(VtepId.of(body.requiredString("vtep")),
                PortName.of(body.requiredString("port")),
                VlanId.of(body.optionalInt("vlan").orElse(0)));
        return new VlanBinding(portVlan, Vni.of(body.requiredInt("vni")));
    }

    private static void requireSame(Optional<String> given, String inPath, String field) {
        if (given.isPresent() && !given.get().equals(inPath)) {
            throw new ApiError(400, field, "'" + given.get() + "' differs from the path's '" + inPath
                    + "': a binding's port VLAN cannot change (delete it and create another)");
        }
    }

    private void delete(RoutingContext ctx) {
        api.apply(ctx, new IntentChange.DeleteBinding(portVlan(ctx)))
                .onSuccess(intent -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private static PortVlan portVlan(RoutingContext ctx) {
        return new PortVlan(VtepId.of(ctx.pathParam("vtep")), PortName.of(ctx.pathParam("port")),
                VlanId.of(PathParams.integer(ctx, "vlan")));
    }

    private static String location(PortVlan portVlan) {
        return PATH + "/" + portVlan.vtep() + "/"
                + URLEncoder.encode(portVlan.port().value(), StandardCharsets.UTF_8)
                .replace("+", "%20") + "/" + portVlan.vlan();
    }
}

package org.vtepmanager.web.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentException;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.VtepView;

/**
 * {@code /api/v1/vteps}: registered VTEPs with their observed state; manual registration of an OVSDB target, and
 * changes to a VTEP's target and tunnel IP.
 */
final class VtepResource {

    private static final String PATH = Api.BASE + "/vteps";
    static final Set<String> FIELDS = Set.of("id", "kind", "ovsdbTarget", "tunnelIp");
    private static final Set<String> UPDATABLE = Set.of("ovsdbTarget", "tunnelIp");
    /** Merges made again when other changes of the VTEP overtake them; more would mean a client writing in a loop. */
    private static final int MERGE_ATTEMPTS = 5;

    private final Api api;

    private VtepResource(Api api) {
        this.api = api;
    }

    static void mount(Router router, Api api) {
        VtepResource resource = new VtepResource(api);
        router.get(PATH).handler(resource::list);
        router.post(PATH).handler(resource::register);
        router.get(PATH + "/:id").handler(resource::get);
        router.patch(PATH + "/:id").handler(resource::update);
        router.delete(PATH + "/:id").handler(resource::delete);
    }

    private void list(RoutingContext ctx) {
        api.render(ctx, () -> new JsonArray(api.services().topology().vteps().stream().map(JsonViews::vtep).toList()));
    }

    private void register(RoutingContext ctx) {
        JsonBody body = JsonBody.of(ctx, "VTEP", FIELDS);
        OvsdbAddress target = OvsdbAddress.parse(body.requiredString("ovsdbTarget"));
        // Without an id the VTEP is named after its target, so registering one target twice conflicts.
        VtepId id = body.optionalString("id").map(VtepResource::id)
                .orElseGet(() -> VtepId.derivedFrom(target.text()));
        Vtep vtep = vtep(id, Optional.of(target), body);
        api.apply(ctx, new IntentChange.RegisterVtep(vtep))
                .map(intent -> view(id))
                .onSuccess(view -> Api.created(ctx, PATH + "/" + id, JsonViews.vtep(view)))
                .onFailure(ctx::fail);
    }

    /** The ETag is the VTEP's version, for a conditional update with If-Match. */
    private void get(RoutingContext ctx) {
        VtepId id = id(ctx.pathParam("id"));
        VtepView view = view(id);
        Optional.ofNullable(api.services().intent().current().vteps().get(id))
                .ifPresent(vtep -> Versions.etag(ctx, vtep.version()));
        ctx.json(JsonViews.vtep(view));
    }

    /**
     * Changes a VTEP's OVSDB target or configured tunnel IP, as a JSON merge patch: a property left out stays as it
     * is, and a null tunnel IP leaves the switch's own to count. Its id, kind, bindings and learned MACs stay, so a
     * mistyped target or tunnel IP is mended without unbinding a port; the manager then dials the new target.
     */
    private void update(RoutingContext ctx) {
        VtepId id = id(ctx.pathParam("id"));
        VtepPatch patch = VtepPatch.of(JsonBody.ofMergePatch(ctx, "VTEP update", UPDATABLE));
        merge(ctx, id, patch, Versions.expected(ctx, "VTEP"), MERGE_ATTEMPTS)
                .map(intent -> view(id))
                .onSuccess(view -> ctx.json(JsonViews.vtep(view)))
                .onFailure(ctx::fail);
    }

    /**
     * Merges {@code patch} into the VTEP as read now and commits it only at the version read: a change another
     * request made meanwhile (the other field) is then merged with, not undone. With {@code If-Match} the client
     * named the version itself, and a change meanwhile is its 412.
     */
    private Future<Intent> merge(RoutingContext ctx, VtepId id, VtepPatch patch, long ifMatch, int attempts) {
        Versioned<Vtep> current = api.services().intent().current().vteps().get(id);
        if (current == null) {
            return Future.failedFuture(new ApiError(404, "id", "no VTEP '" + id + "'"));
        }
        long version = ifMatch == IntentChange.ANY_VERSION ? current.version() : ifMatch;
        return api.apply(ctx, new IntentChange.UpdateVtep(patch.applyTo(current.value()), version)).recover(error -> {
            boolean overtaken = error instanceof IntentException refused
                    && refused.kind() == IntentException.Kind.VERSION_MISMATCH;
            return overtaken && ifMatch == IntentChange.ANY_VERSION && attempts > 1
                    ? merge(ctx, id, patch, ifMatch, attempts - 1) : Future.failedFuture(error);
        });
    }

    /**
     * A VTEP registered because its switch dialled in cannot be deleted while that switch is connected: the switch
     * would be registered again at once, and nothing would have been deleted.
     */
    private void delete(RoutingContext ctx) {
        VtepId id = id(ctx.pathParam("id"));
        findView(id).filter(view -> view.vtep().ovsdbTarget().isEmpty() && view.state() == ConnectionState.CONNECTED)
                .ifPresent(view -> {
                    throw new ApiError(409, "id", "VTEP '" + id + "' is connected and its switch dials the manager, "
                            + "so it would be registered again at once: remove the manager from the switch first "
                            + "(ovs-vsctl del-manager, or vtep-ctl del-manager on a hardware VTEP), then delete it");
                });
        api.apply(ctx, new IntentChange.DeleteVtep(id))
                .onSuccess(intent -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /** The VTEP {@code body} describes, with {@code target} (none for a switch that dials the manager). */
    static Vtep vtep(VtepId id, Optional<OvsdbAddress> target, JsonBody body) {
        return new Vtep(id, VtepKind.parse(body.requiredString("kind")), target,
                body.optionalString("tunnelIp").map(TunnelIp::parse));
    }

    /** Here a VTEP's id is the field {@code id}, in the body and in the path alike, not {@code vtep}. */
    static VtepId id(String value) {
        try {
            return VtepId.of(value);
        } catch (InvalidValueException invalid) {
            throw new InvalidValueException("id", invalid.reason());
        }
    }

    /** Fails (a 404) if the VTEP is gone, as it may be once a concurrent delete committed. */
    private VtepView view(VtepId id) {
        return findView(id).orElseThrow(() -> new ApiError(404, "id", "no VTEP '" + id + "'"));
    }

    private Optional<VtepView> findView(VtepId id) {
        return api.services().topology().vteps().stream().filter(v -> v.vtep().id().equals(id)).findFirst();
    }
}

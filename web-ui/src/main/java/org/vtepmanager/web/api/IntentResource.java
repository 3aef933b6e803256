package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.Vtep;

/**
 * {@code /api/v1/intent}: all of intent as one document, for backups and for moving a fabric's intent to another
 * manager. {@code GET} reads one revision whole; {@code POST} restores a document read so, creating what intent
 * lacks (see {@link IntentRestore}). Each item has the shape its own resource's POST takes.
 */
final class IntentResource {

    private static final String PATH = Api.BASE + "/intent";
    /** A fabric's whole intent: thousands of networks and bindings are a few MB, well past a request's usual limit. */
    private static final int DOCUMENT_LIMIT = 64 * 1024 * 1024;

    private final Api api;

    private IntentResource(Api api) {
        this.api = api;
    }

    /** Before the API's own body handler, whose limit is a single item's: a body is read once, by the first. */
    static void mountBodyHandler(Router router) {
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(DOCUMENT_LIMIT));
    }

    static void mount(Router router, Api api) {
        IntentResource resource = new IntentResource(api);
        router.get(PATH).handler(resource::export);
        router.post(PATH).handler(resource::restore);
    }

    private void export(RoutingContext ctx) {
        api.render(ctx, () -> document(api.services().intent().current()));
    }

    /**
     * Parsed, checked and committed on a worker: a document of thousands of items is not the event loop's work.
     * Answers with the revision made and how many of each were created. With {@code ?dryRun=true} nothing is
     * written: the answer says what a restore would create now, or why it would be refused, so that a backup can
     * be checked against a running manager before it is needed.
     */
    private void restore(RoutingContext ctx) {
        if ("true".equals(ctx.queryParams().get("dryRun"))) {
            api.render(ctx, () -> {
                Intent current = api.services().intent().current();
                List<IntentChange> planned = IntentRestore.plan(current,
                        JsonBody.of(ctx, "intent document", IntentRestore.FIELDS));
                return new JsonObject().put("revision", current.revision()).put("created", created(planned))
                        .put("dryRun", true);
            });
            return;
        }
        api.applyAll(ctx, current -> IntentRestore.plan(current,
                        JsonBody.of(ctx, "intent document", IntentRestore.FIELDS)))
                .onSuccess(applied -> ctx.json(new JsonObject().put("revision", applied.intent().revision())
                        .put("created", created(applied.changes())).put("dryRun", false)))
                .onFailure(ctx::fail);
    }

    private static JsonObject created(List<IntentChange> changes) {
        return new JsonObject()
                .put("vteps", count(changes, IntentChange.RegisterVtep.class))
                .put("networks", count(changes, IntentChange.CreateNetwork.class))
                .put("bindings", count(changes, IntentChange.CreateBinding.class))
                .put("staticMacs", count(changes, IntentChange.AddStaticMac.class));
    }

    private static long count(List<IntentChange> changes, Class<? extends IntentChange> kind) {
        return changes.stream().filter(kind::isInstance).count();
    }

    private static JsonObject document(Intent intent) {
        return new JsonObject().put("format", IntentRestore.FORMAT).put("revision", intent.revision())
                .put("vteps", new JsonArray(intent.vteps().values().stream().map(v -> vtep(v.value())).toList()))
                .put("networks", new JsonArray(intent.networks().values().stream()
                        .map(n -> network(n.value())).toList()))
                .put("bindings", new JsonArray(intent.bindingValues().map(JsonViews::binding).toList()))
                .put("staticMacs", new JsonArray(intent.staticMacs().values().stream()
                        .map(m -> staticMac(m.value())).toList()));
    }

    /** Without an OVSDB target: a switch that dials the manager, registered again when it does. */
    private static JsonObject vtep(Vtep vtep) {
        JsonObject json = new JsonObject().put("id", vtep.id().value()).put("kind", vtep.kind().wireName());
        vtep.ovsdbTarget().map(OvsdbAddress::text).ifPresent(target -> json.put("ovsdbTarget", target));
        vtep.tunnelIp().ifPresent(ip -> json.put("tunnelIp", ip.toString()));
        return json;
    }

    /** What was asked for, not what is derived: an MTU left to the underlay stays left to it. */
    private static JsonObject network(VirtualNetwork network) {
        JsonObject json = new JsonObject().put("vni", network.vni().value()).put("name", network.name())
                .put("description", network.description());
        network.mtu().ifPresent(mtu -> json.put("mtu", mtu));
        network.replication().ifPresent(r -> json.put("replication", ReplicationJson.view(r)));
        return json;
    }

    private static JsonObject staticMac(StaticMac mac) {
        JsonObject json = new JsonObject().put("vni", mac.vni().value()).put("mac", mac.mac().toString())
                .put("vtep", mac.location().vtep().value());
        if (mac.location() instanceof MacLocation.Local local) {
            json.put("port", local.portVlan().port().value()).put("vlan", local.portVlan().vlan().value());
        }
        return json;
    }
}

package org.vtepmanager.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentException;
import org.vtepmanager.core.intent.StaticMac;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;

/**
 * What restoring an intent document changes: each item intent lacks is created; one it holds as the document has
 * it is left alone, so a restore can be run again, and a switch that dialled in and registered itself meanwhile is
 * no conflict; one it holds otherwise is a 409, since a restore never changes what an operator set since. The plan
 * is tried on a copy of intent first, so that the error names the item ({@code networks[3].name}); it is then
 * committed as one ({@link org.vtepmanager.core.intent.IntentStore#applyAll}), so a document with any bad item
 * writes nothing, whatever another writer did meanwhile.
 */
final class IntentRestore {

    static final Set<String> FIELDS = Set.of("format", "revision", "vteps", "networks", "bindings", "staticMacs");
    /**
     * The document's shape, written in every document: a manager that changes it reads the formats before, and one
     * before it refuses a document of a format it does not know instead of reading it wrong.
     */
    static final int FORMAT = 1;

    private final Intent current;
    private final List<IntentChange> changes = new ArrayList<>();
    private final List<String> places = new ArrayList<>();

    private IntentRestore(Intent current) {
        this.current = current;
    }

    /**
     * The changes that make {@code current} hold everything {@code document} does: VTEPs, then networks, bindings
     * and static MACs, each of which may refer to the ones before.
     *
     * @throws ApiError naming the item, when one is not valid, differs from intent, or breaks a rule of intent
     */
    static List<IntentChange> plan(Intent current, JsonBody document) {
        int format = document.optionalInt("format").orElse(FORMAT);
        if (format != FORMAT) {
            throw new ApiError(400, "format", "this manager reads intent documents of format " + FORMAT
                    + ", not " + format + " (a document from a newer manager?)");
        }
        IntentRestore restore = new IntentRestore(current);
        restore.each(document, "vteps", "VTEP", VtepResource.FIELDS, (at, body) -> {
            Vtep vtep = VtepResource.vtep(VtepResource.id(body.requiredString("id")),
                    body.optionalString("ovsdbTarget").map(OvsdbAddress::parse), body);
            restore.add(at, current.vteps().get(vtep.id()), vtep, new IntentChange.RegisterVtep(vtep),
                    "VTEP " + vtep.id() + " is registered otherwise (PATCH /api/v1/vteps/" + vtep.id()
                            + " changes it)");
        });
        restore.each(document, "networks", "network", NetworkResource.FIELDS, (at, body) -> {
            VirtualNetwork network = NetworkResource.network(Vni.of(body.requiredInt("vni")), body);
            restore.add(at, current.networks().get(network.vni()), network,
                    new IntentChange.CreateNetwork(network), "network " + network.vni()
                            + " exists otherwise (PUT /api/v1/networks/" + network.vni() + " changes it)");
        });
        restore.each(document, "bindings", "binding", BindingResource.FIELDS, (at, body) -> {
            VlanBinding binding = BindingResource.binding(body);
            restore.add(at, current.bindings().get(binding.portVlan()), binding,
                    new IntentChange.CreateBinding(binding), binding.portVlan() + " is bound to another network"
                            + " (PUT /api/v1/bindings/... moves it)");
        });
        restore.each(document, "staticMacs", "static MAC", MacResource.FIELDS, (at, body) -> {
            StaticMac mac = MacResource.staticMac(body);
            restore.add(at, current.staticMacs().get(mac.key()), mac, new IntentChange.AddStaticMac(mac),
                    "static " + mac.key() + " is pinned elsewhere");
        });
        restore.tryOnACopy();
        return List.copyOf(restore.changes);
    }

    private void each(JsonBody document, String section, String resource, Set<String> allowed,
            BiConsumer<String, JsonBody> item) {
        List<Object> items = document.optionalArray(section);
        for (int i = 0; i < items.size(); i++) {
            String at = section + "[" + i + "]";
            try {
                item.accept(at, JsonBody.ofItem(items.get(i), resource, allowed));
            } catch (ApiError error) {
                throw error.within(at);
            } catch (InvalidValueException invalid) {
                throw new ApiError(400, invalid.field(), invalid.reason()).within(at);
            }
        }
    }

    private <T> void add(String at, Versioned<T> present, T wanted, IntentChange change, String differs) {
        if (present == null) {
            changes.add(change);
            places.add(at);
        } else if (!present.value().equals(wanted)) {
            throw new ApiError(409, "", differs + "; a restore creates what is missing and changes nothing");
        }
    }

    /** Intent's own rules, checked on the intent as it would be: an unknown VTEP, a taken VLAN, a second VNI. */
    private void tryOnACopy() {
        Intent trial = current;
        for (int i = 0; i < changes.size(); i++) {
            try {
                trial = trial.apply(changes.get(i));
            } catch (IntentException refused) {
                throw new ApiError(Errors.status(refused.kind()), refused.field(), refused.reason(),
                        refused.heldBy()).within(places.get(i));
            }
        }
    }
}

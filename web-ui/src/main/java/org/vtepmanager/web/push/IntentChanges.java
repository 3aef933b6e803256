package org.vtepmanager.web.push;

import org.vtepmanager.core.intent.IntentChange;

/** An operator's one-line account of an intent change, with a stable kind name and the subject search finds it by. */
public record IntentChanges(String kind, String subject, String text) {

    public static IntentChanges of(IntentChange change) {
        if (change instanceof IntentChange.CreateNetwork c) {
            String vni = c.network().vni().toString();
            return new IntentChanges("network-created", vni,
                    "network " + vni + " '" + c.network().name() + "' created");
        }
        if (change instanceof IntentChange.UpdateNetwork c) {
            String vni = c.network().vni().toString();
            return new IntentChanges("network-updated", vni,
                    "network " + vni + " '" + c.network().name() + "' updated");
        }
        if (change instanceof IntentChange.DeleteNetwork c) {
            return new IntentChanges("network-deleted", c.vni().toString(), "network " + c.vni() + " deleted");
        }
        if (change instanceof IntentChange.CreateBinding c) {
            String portVlan = c.binding().portVlan().toString();
            return new IntentChanges("binding-created", portVlan, portVlan + " bound to vni " + c.binding().vni());
        }
        if (change instanceof IntentChange.UpdateBinding c) {
            String portVlan = c.binding().portVlan().toString();
            return new IntentChanges("binding-updated", portVlan, portVlan + " moved to vni " + c.binding().vni());
        }
        if (change instanceof IntentChange.DeleteBinding c) {
            return new IntentChanges("binding-deleted", c.portVlan().toString(), c.portVlan() + " unbound");
        }
        if (change instanceof IntentChange.RegisterVtep c) {
            String id = c.vtep().id().toString();
            return new IntentChanges("vtep-registered", id, c.vtep().kind().wireName() + " " + id + " registered");
        }
        if (change instanceof IntentChange.UpdateVtep c) {
            String id = c.vtep().id().toString();
            String target = c.vtep().ovsdbTarget().map(Object::toString).orElse("none (it dials the manager)");
            String tunnelIp = c.vtep().tunnelIp().map(Object::toString).orElse("as the switch reports it");
            return new IntentChanges("vtep-updated", id, c.vtep().kind().wireName() + " " + id
                    + " updated: OVSDB target " + target + ", tunnel IP " + tunnelIp);
        }
        if (change instanceof IntentChange.DeleteVtep c) {
            return new IntentChanges("vtep-deleted", c.id().toString(), "VTEP " + c.id() + " removed");
        }
        if (change instanceof IntentChange.AddStaticMac c) {
            String key = c.mac().key().toString();
            return new IntentChanges("static-mac-added", key, "static " + key + " pinned at " + c.mac().location());
        }
        IntentChange.DeleteStaticMac c = (IntentChange.DeleteStaticMac) change;
        return new IntentChanges("static-mac-deleted", c.key().toString(), "static " + c.key() + " removed");
    }
}

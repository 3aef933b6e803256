package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.notation.Atom;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vtepmanager.ovsdb.notation.Ops;

/**
 * Physical_Locator and Physical_Locator_Set references for one pass: an existing row is reused (the locator
 * table's index forbids a second locator to the same IP, and sharing keeps the switch's tunnels stable), a missing
 * one is inserted once and shared by every row of the pass. Neither table is a root: the server deletes a locator
 * or set as soon as nothing references it, so unused ones never linger and are never deleted by hand.
 */
final class Locators {

    private final TorView view;
    private final TorTransaction tx;
    private final Map<String, Atom<?>> locators = new HashMap<>();
    private final Map<Set<String>, Atom<?>> sets = new HashMap<>();

    Locators(TorView view, TorTransaction tx) {
        this.view = view;
        this.tx = tx;
    }

    Atom<?> locator(String ip) {
        return locators.computeIfAbsent(ip, this::findOrInsert);
    }

    Atom<?> locatorSet(SortedSet<String> ips) {
        return sets.computeIfAbsent(new TreeSet<>(ips), this::findOrInsertSet);
    }

    private Atom<?> findOrInsert(String ip) {
        return view.locator(ip).<Atom<?>>map(Ops::uuid).orElseGet(() -> {
            String name = tx.newName("locator");
            tx.locator(Ops.insert(HardwareVtep.PHYSICAL_LOCATOR, name, Ops.row()
                    .string("encapsulation_type", HardwareVtep.VXLAN_OVER_IPV4).string("dst_ip", ip)));
            return Ops.named(name);
        });
    }

    private Atom<?> findOrInsertSet(Set<String> ips) {
        return view.locatorSet(ips).<Atom<?>>map(Ops::uuid).orElseGet(() -> {
            String name = tx.newName("locatorset");
            tx.locator(Ops.insert(HardwareVtep.PHYSICAL_LOCATOR_SET, name, Ops.row()
                    .set("locators", new TreeSet<>(ips).stream().map(this::locator).toList())));
            return Ops.named(name);
        });
    }
}

package org.vtepmanager.core.intent;

import static org.vtepmanager.core.intent.IntentException.Kind.ALREADY_EXISTS;
import static org.vtepmanager.core.intent.IntentException.Kind.IN_USE;
import static org.vtepmanager.core.intent.IntentException.Kind.NOT_FOUND;
import static org.vtepmanager.core.intent.IntentException.Kind.UNKNOWN_REFERENCE;
import static org.vtepmanager.core.intent.IntentException.Kind.VERSION_MISMATCH;

import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.IntentChange.AddStaticMac;
import org.vtepmanager.core.intent.IntentChange.CreateBinding;
import org.vtepmanager.core.intent.IntentChange.CreateNetwork;
import org.vtepmanager.core.intent.IntentChange.DeleteBinding;
import org.vtepmanager.core.intent.IntentChange.DeleteNetwork;
import org.vtepmanager.core.intent.IntentChange.DeleteStaticMac;
import org.vtepmanager.core.intent.IntentChange.DeleteVtep;
import org.vtepmanager.core.intent.IntentChange.RegisterVtep;
import org.vtepmanager.core.intent.IntentChange.UpdateBinding;
import org.vtepmanager.core.intent.IntentChange.UpdateNetwork;
import org.vtepmanager.core.intent.IntentChange.UpdateVtep;

/**
 * The referential rules of intent, checked before anything is written: a binding or static MAC needs its network
 * and VTEP; nothing still referenced can be deleted; identities and OVSDB targets are unique. Also the one rule that
 * holds for new values only: a network's text is printable ({@link #requirePrintable}).
 */
final class IntentRules {

    private IntentRules() {
    }

    static Intent apply(Intent intent, IntentChange change) {
        long next = intent.revision() + 1;
        // Java 17 has no pattern switch; the chain is exhaustive over the sealed IntentChange.
        if (change instanceof CreateNetwork c) {
            return createNetwork(intent, c.network(), next);
        } else if (change instanceof UpdateNetwork c) {
            return updateNetwork(intent, c, next);
        } else if (change instanceof DeleteNetwork c) {
            return deleteNetwork(intent, c, next);
        } else if (change instanceof CreateBinding c) {
            return createBinding(intent, c.binding(), next);
        } else if (change instanceof UpdateBinding c) {
            return updateBinding(intent, c, next);
        } else if (change instanceof DeleteBinding c) {
            return deleteBinding(intent, c, next);
        } else if (change instanceof RegisterVtep c) {
            return registerVtep(intent, c.vtep(), next);
        } else if (change instanceof UpdateVtep c) {
            return updateVtep(intent, c, next);
        } else if (change instanceof DeleteVtep c) {
            return deleteVtep(intent, c, next);
        } else if (change instanceof AddStaticMac c) {
            return addStaticMac(intent, c.mac(), next);
        }
        return deleteStaticMac(intent, (DeleteStaticMac) change, next);
    }

    private static Intent createNetwork(Intent intent, VirtualNetwork network, long next) {
        requirePrintable(network);
        if (intent.networks().containsKey(network.vni())) {
            throw new IntentException(ALREADY_EXISTS, "vni", "network " + network.vni() + " already exists");
        }
        return withNetworks(intent, next, put(intent.networks(), network.vni(), new Versioned<>(network, next)));
    }

    private static Intent updateNetwork(Intent intent, UpdateNetwork change, long next) {
        VirtualNetwork network = change.network();
        requirePrintable(network);
        Versioned<VirtualNetwork> existing = intent.networks().get(network.vni());
        if (existing == null) {
            throw new IntentException(NOT_FOUND, "vni", "no network " + network.vni());
        }
        if (change.expectedVersion() != IntentChange.ANY_VERSION && change.expectedVersion() != existing.version()) {
            throw new IntentException(VERSION_MISMATCH, "version", "network " + network.vni() + " is at version "
                    + existing.version() + ", not " + change.expectedVersion());
        }
        return withNetworks(intent, next, put(intent.networks(), network.vni(), new Versioned<>(network, next)));
    }

    /**
     * A name is one line of text and a description may break lines, but neither holds other control characters (a
     * NUL, an escape sequence, a newline splitting a log line). Checked here rather than in {@link VirtualNetwork}
     * because the store builds networks with that constructor too: an earlier build took such names, and refusing
     * one on load would set its network, and its bindings with it, aside.
     */
    private static void requirePrintable(VirtualNetwork network) {
        if (network.name().chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("name", "holds a control character; a name is one line of text");
        }
        if (network.description().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new InvalidValueException("description", "holds a control character other than a newline or a tab");
        }
    }

    private static Intent deleteNetwork(Intent intent, DeleteNetwork change, long next) {
        requirePresent(intent.networks(), change.vni(), "vni", "no network " + change.vni());
        List<String> holders = Stream.concat(
                intent.bindingsOf(change.vni()).stream().map(VlanBinding::toString),
                intent.staticMacValues().filter(m -> m.vni().equals(change.vni())).map(m -> "static " + m.key()))
                .toList();
        requireUnused(holders, "vni", "network " + change.vni() + " is still bound: ");
        return withNetworks(intent, next, remove(intent.networks(), change.vni()));
    }

    private static Intent createBinding(Intent intent, VlanBinding binding, long next) {
        PortVlan portVlan = binding.portVlan();
        requireReference(intent.vteps(), portVlan.vtep(), "vtep", "unknown VTEP '" + portVlan.vtep() + "'");
        requireReference(intent.networks(), binding.vni(), "vni", "no network " + binding.vni());
        Versioned<VlanBinding> existing = intent.bindings().get(portVlan);
        if (existing != null) {
            throw new IntentException(ALREADY_EXISTS, "vlan", portVlan + " is already bound to vni "
                    + existing.value().vni());
        }
        requireOneVlanPerNetworkAndPort(intent, binding);
        return new Intent(next, intent.networks(), intent.vteps(),
                put(intent.bindings(), portVlan, new Versioned<>(binding, next)), intent.staticMacs());
    }

    /**
     * A port VLAN moved to another network leaves its old network's learned MACs behind (the MAC tables forget them),
     * but not a static MAC pinned there: that names the old network, which the port would no longer carry.
     */
    private static Intent updateBinding(Intent intent, UpdateBinding change, long next) {
        VlanBinding binding = change.binding();
        PortVlan portVlan = binding.portVlan();
        Versioned<VlanBinding> existing = intent.bindings().get(portVlan);
        if (existing == null) {
            throw new IntentException(NOT_FOUND, "port", "no binding on " + portVlan);
        }
        if (change.expectedVersion() != IntentChange.ANY_VERSION && change.expectedVersion() != existing.version()) {
            throw new IntentException(VERSION_MISMATCH, "version", "the binding of " + portVlan + " is at version "
                    + existing.version() + ", not " + change.expectedVersion());
        }
        requireReference(intent.networks(), binding.vni(), "vni", "no network " + binding.vni());
        if (!binding.vni().equals(existing.value().vni())) {
            requireUnused(staticMacsAt(intent, portVlan), "port", portVlan + " still holds static MACs of vni "
                    + existing.value().vni() + ": ");
            requireOneVlanPerNetworkAndPort(intent, binding);
        }
        return new Intent(next, intent.networks(), intent.vteps(),
                put(intent.bindings(), portVlan, new Versioned<>(binding, next)), intent.staticMacs());
    }

    /**
     * A switch never sends a frame back out of the port it came in on, whatever its VLAN, and learning places a MAC
     * on a port and network, not a VLAN: one port in one network on two VLANs could neither flood nor forward
     * between them, and a host on the second VLAN would be sent its traffic tagged with the first.
     */
    private static void requireOneVlanPerNetworkAndPort(Intent intent, VlanBinding binding) {
        PortVlan portVlan = binding.portVlan();
        intent.bindingsOn(portVlan.vtep(), portVlan.port()).stream()
                .filter(other -> other.vni().equals(binding.vni()))
                .findFirst().ifPresent(other -> {
                    throw new IntentException(ALREADY_EXISTS, "vlan", portVlan.vtep() + "/" + portVlan.port()
                            + " already carries vni " + binding.vni() + " on vlan " + other.portVlan().vlan()
                            + ": a network reaches a port on one VLAN only");
                });
    }

    private static Intent deleteBinding(Intent intent, DeleteBinding change, long next) {
        requirePresent(intent.bindings(), change.portVlan(), "port", "no binding on " + change.portVlan());
        requireUnused(staticMacsAt(intent, change.portVlan()), "port",
                change.portVlan() + " still holds static MACs: ");
        return new Intent(next, intent.networks(), intent.vteps(), remove(intent.bindings(), change.portVlan()),
                intent.staticMacs());
    }

    private static List<String> staticMacsAt(Intent intent, PortVlan portVlan) {
        return intent.staticMacValues()
                .filter(m -> m.location() instanceof MacLocation.Local local && local.portVlan().equals(portVlan))
                .map(m -> "static " + m.key()).toList();
    }

    private static Intent registerVtep(Intent intent, Vtep vtep, long next) {
        if (intent.vteps().containsKey(vtep.id())) {
            throw new IntentException(ALREADY_EXISTS, "id", "VTEP '" + vtep.id() + "' is already registered");
        }
        requireOwnTargetAndTunnelIp(intent, vtep);
        return withVtep(intent, vtep, next);
    }

    /**
     * Kind and dial direction stay: a hypervisor's bindings name ports a ToR does not have, and a switch that dials
     * the manager is registered under the name it reports, which a target would have the manager dial a second time.
     */
    private static Intent updateVtep(Intent intent, UpdateVtep change, long next) {
        Vtep vtep = change.vtep();
        Versioned<Vtep> existing = intent.vteps().get(vtep.id());
        if (existing == null) {
            throw new IntentException(NOT_FOUND, "id", "no VTEP '" + vtep.id() + "'");
        }
        if (change.expectedVersion() != IntentChange.ANY_VERSION && change.expectedVersion() != existing.version()) {
            throw new IntentException(VERSION_MISMATCH, "version", "VTEP '" + vtep.id() + "' is at version "
                    + existing.version() + ", not " + change.expectedVersion());
        }
        Vtep was = existing.value();
        if (vtep.kind() != was.kind()) {
            throw new InvalidValueException("kind", "VTEP '" + vtep.id() + "' is a " + was.kind().wireName()
                    + "; a VTEP's kind cannot change: delete it and register it again");
        }
        if (was.ovsdbTarget().isEmpty() && vtep.ovsdbTarget().isPresent()) {
            throw new InvalidValueException("ovsdbTarget", "VTEP '" + vtep.id() + "' dials the manager, so it takes "
                    + "none: for the manager to dial it, remove the manager from the switch, delete the VTEP and "
                    + "register it with a target");
        }
        if (was.ovsdbTarget().isPresent() && vtep.ovsdbTarget().isEmpty()) {
            throw new InvalidValueException("ovsdbTarget", "is required: the manager dials VTEP '" + vtep.id() + "'");
        }
        requireOwnTargetAndTunnelIp(intent, vtep);
        return withVtep(intent, vtep, next);
    }

    private static void requireOwnTargetAndTunnelIp(Intent intent, Vtep vtep) {
        for (Versioned<Vtep> other : intent.vteps().values()) {
            if (other.value().id().equals(vtep.id())) {
                continue;
            }
            if (vtep.ovsdbTarget().isPresent() && other.value().ovsdbTarget().equals(vtep.ovsdbTarget())) {
                throw new IntentException(ALREADY_EXISTS, "ovsdbTarget", vtep.ovsdbTarget().get()
                        + " is already registered as VTEP '" + other.value().id() + "'");
            }
            if (vtep.tunnelIp().isPresent() && other.value().tunnelIp().equals(vtep.tunnelIp())) {
                throw new IntentException(ALREADY_EXISTS, "tunnelIp", vtep.tunnelIp().get()
                        + " is already the tunnel IP of VTEP '" + other.value().id() + "'");
            }
        }
    }

    private static Intent withVtep(Intent intent, Vtep vtep, long next) {
        return new Intent(next, intent.networks(), put(intent.vteps(), vtep.id(), new Versioned<>(vtep, next)),
                intent.bindings(), intent.staticMacs());
    }

    private static Intent deleteVtep(Intent intent, DeleteVtep change, long next) {
        requirePresent(intent.vteps(), change.id(), "vtep", "no VTEP '" + change.id() + "'");
        List<String> holders = Stream.concat(
                intent.bindingsOn(change.id()).stream().map(VlanBinding::toString),
                intent.staticMacValues().filter(m -> m.location().vtep().equals(change.id()))
                        .map(m -> "static " + m.key())).toList();
        requireUnused(holders, "vtep", "VTEP '" + change.id() + "' is still used by: ");
        return new Intent(next, intent.networks(), remove(intent.vteps(), change.id()), intent.bindings(),
                intent.staticMacs());
    }

    private static Intent addStaticMac(Intent intent, StaticMac mac, long next) {
        requireReference(intent.networks(), mac.vni(), "vni", "no network " + mac.vni());
        requireReference(intent.vteps(), mac.location().vtep(), "vtep", "unknown VTEP '" + mac.location().vtep() + "'");
        if (mac.location() instanceof MacLocation.Local local) {
            Versioned<VlanBinding> binding = intent.bindings().get(local.portVlan());
            if (binding == null || !binding.value().vni().equals(mac.vni())) {
                throw new IntentException(UNKNOWN_REFERENCE, "port", local.portVlan() + " is not bound to vni "
                        + mac.vni());
            }
        }
        if (intent.staticMacs().containsKey(mac.key())) {
            throw new IntentException(ALREADY_EXISTS, "mac", "static " + mac.key() + " already exists");
        }
        return new Intent(next, intent.networks(), intent.vteps(), intent.bindings(),
                put(intent.staticMacs(), mac.key(), new Versioned<>(mac, next)));
    }

    private static Intent deleteStaticMac(Intent intent, DeleteStaticMac change, long next) {
        requirePresent(intent.staticMacs(), change.key(), "mac", "no static " + change.key());
        return new Intent(next, intent.networks(), intent.vteps(), intent.bindings(),
                remove(intent.staticMacs(), change.key()));
    }

    private static Intent withNetworks(Intent intent, long next, SortedMap<Vni, Versioned<VirtualNetwork>> networks) {
        return new Intent(next, networks, intent.vteps(), intent.bindings(), intent.staticMacs());
    }

    private static void requirePresent(Map<?, ?> map, Object key, String field, String reason) {
        if (!map.containsKey(key)) {
            throw new IntentException(NOT_FOUND, field, reason);
        }
    }

    private static void requireReference(Map<?, ?> map, Object key, String field, String reason) {
        if (!map.containsKey(key)) {
            throw new IntentException(UNKNOWN_REFERENCE, field, reason);
        }
    }

    private static void requireUnused(List<String> holders, String field, String reasonPrefix) {
        if (!holders.isEmpty()) {
            throw new IntentException(IN_USE, field, reasonPrefix + String.join(", ", holders), holders);
        }
    }

    private static <K extends Comparable<? super K>, V> SortedMap<K, V> put(Map<K, V> map, K key, V value) {
        return without(map, key).put(key, value).buildOrThrow();
    }

    private static <K extends Comparable<? super K>, V> SortedMap<K, V> remove(Map<K, V> map, K key) {
        return without(map, key).buildOrThrow();
    }

    /** One copy, in order: the builder's sort finds it sorted but for a key put last, which costs it one pass. */
    private static <K extends Comparable<? super K>, V> ImmutableSortedMap.Builder<K, V> without(Map<K, V> map,
            K key) {
        ImmutableSortedMap.Builder<K, V> copy = ImmutableSortedMap.naturalOrder();
        map.forEach((k, v) -> {
            if (!k.equals(key)) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}

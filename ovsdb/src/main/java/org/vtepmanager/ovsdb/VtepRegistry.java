package org.vtepmanager.ovsdb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentException;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.intent.IntentStoreException;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;

/**
 * Which VTEP an OVSDB session belongs to, for one kind of switch: a session we dialled belongs to the VTEP
 * registered with that target; a switch that dialled in is registered (on the store writer, never on the events
 * thread) the first time it does, under the name it gives itself.
 */
final class VtepRegistry {

    private static final Logger log = LoggerFactory.getLogger(VtepRegistry.class);

    private final IntentStore store;
    private final Executor storeWriter;
    private final VtepKind kind;
    private final Map<String, VtepId> passivePeers = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Switches that dialled in whose VTEP the store writer is registering. */
    private final Set<String> registering = ConcurrentHashMap.newKeySet();
    private volatile IntentTargets targets;
    /** The targets as {@link #retargeted} last saw them. */
    private IntentTargets followed;

    VtepRegistry(IntentStore store, Executor storeWriter, VtepKind kind) {
        this.store = store;
        this.storeWriter = storeWriter;
        this.kind = kind;
    }

    /**
     * Registers a target given on the command line, under its id if it names one, unless a VTEP already has the
     * target or the id: the store is what the command line seeded at the first start, and what the API changed
     * since, so a restart with the same command line changes nothing. A target that collides with what is
     * registered (another id, another target, another kind) is left as registered, with a warning naming both.
     * Blocks on the store.
     */
    void registerTarget(ConnectTarget given) {
        OvsdbAddress address = OvsdbAddress.parse(given.target().toString());
        Intent intent = store.current();
        Optional<Vtep> holder = intent.vteps().values().stream().map(Versioned::value)
                .filter(v -> v.ovsdbTarget().equals(Optional.of(address))).findFirst();
        VtepId id = given.vtep().orElseGet(() -> VtepId.derivedFrom(address.text()));
        Optional<Vtep> named = Optional.ofNullable(intent.vteps().get(id)).map(Versioned::value);
        if (holder.isPresent()) {
            if (!holder.get().id().equals(id) && given.vtep().isPresent()) {
                log.atWarn().addKeyValue("target", given).addKeyValue("registeredAs", holder.get().id())
                        .log("command-line target already registered under another VTEP id; kept as registered");
            } else if (holder.get().kind() != kind) {
                log.atWarn().addKeyValue("target", given).addKeyValue("kind", kind.wireName())
                        .addKeyValue("registeredKind", holder.get().kind().wireName())
                        .log("command-line target already registered as another kind of VTEP; kept as registered");
            }
        } else if (named.isPresent() && given.vtep().isPresent()) {
            log.atWarn().addKeyValue("target", given).addKeyValue("registeredTarget", named.get().ovsdbTarget()
                    .map(OvsdbAddress::text).orElse("(dials the manager)"))
                    .log("command-line VTEP id already registered with another target; kept as registered");
        } else {
            register(new Vtep(id, kind, Optional.of(address), Optional.empty()));
        }
    }

    /**
     * Targets of this kind in intent, by the provider's name for them. Built once per intent: every plan of every
     * session asks ({@link #idOf}), and a mesh of hundreds would otherwise rebuild it hundreds of times per change.
     */
    Map<OvsdbTarget, VtepId> targets() {
        return intentTargets().targets();
    }

    /**
     * The VTEPs whose target changed (an operator's update) since the last call, with the new target. The session
     * with the old target is being closed and belongs to none, so its end reports nothing: the caller reports the
     * VTEP disconnected, or it would stay connected, with the old switch's ports, while the new target is dialled.
     * Compares only when intent changed: it is asked on every topology event. Not thread-safe: one caller follows
     * intent.
     */
    Map<VtepId, OvsdbTarget> retargeted() {
        IntentTargets now = intentTargets();
        IntentTargets before = followed;
        followed = now;
        if (before == null || before == now) {
            return Map.of();
        }
        Map<VtepId, OvsdbTarget> was = new HashMap<>();
        before.targets().forEach((target, id) -> was.put(id, target));
        Map<VtepId, OvsdbTarget> changed = new HashMap<>();
        now.targets().forEach((target, id) -> {
            OvsdbTarget old = was.get(id);
            if (old != null && !old.equals(target)) {
                changed.put(id, target);
                log.atInfo().addKeyValue("vtep", id).addKeyValue("kind", kind.wireName()).addKeyValue("was", old)
                        .addKeyValue("target", target).log("VTEP's OVSDB target changed: dialling the new one");
            }
        });
        return changed;
    }

    /** The problem of a VTEP {@link #retargeted} until its new target answers, or fails to. */
    static String retargetedTo(OvsdbTarget target) {
        return "its OVSDB target changed to " + target + ": not connected yet";
    }

    private IntentTargets intentTargets() {
        Intent intent = store.current();
        IntentTargets cached = targets;
        if (cached == null || cached.intent() != intent) {
            Map<OvsdbTarget, VtepId> byTarget = new HashMap<>();
            for (Versioned<Vtep> vtep : intent.vteps().values()) {
                if (vtep.value().kind() == kind) {
                    vtep.value().ovsdbTarget()
                            .ifPresent(t -> byTarget.put(OvsdbTarget.parse(t.text()), vtep.value().id()));
                }
            }
            cached = new IntentTargets(intent, Map.copyOf(byTarget), new ConcurrentHashMap<>());
            targets = cached;
        }
        return cached;
    }

    /**
     * The targets of one intent, and the VTEP each session's peer name resolved to under it: every report of every
     * session asks about every other session ({@link SwitchClaims#managedByAnother}), and parsing a peer name at
     * each ask was half of a 200-hypervisor mesh's convergence.
     */
    private record IntentTargets(Intent intent, Map<OvsdbTarget, VtepId> targets,
            Map<String, Optional<VtepId>> byPeer) {
    }

    Optional<VtepId> idOf(String peer) {
        VtepId passive = passivePeers.get(peer);
        if (passive != null) {
            return Optional.of(passive);
        }
        IntentTargets current = intentTargets();
        return current.byPeer().computeIfAbsent(peer, p -> {
            try {
                return Optional.ofNullable(current.targets().get(OvsdbTarget.parse(p)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The VTEP of a session. One that dialled in is registered first under {@code name}; a session we dialled whose
     * VTEP is no longer registered belongs to none (it is being closed). A second switch that dials in under the
     * name of one already connected belongs to none either: managing both as one VTEP would make them fight. Nor
     * does one that dialled in without a name yet: its address and source port would name a new VTEP on every
     * reconnect, and a ToR would keep that made-up name for the session; it is managed once it has one. Nor does one
     * whose name is a VTEP of the other kind (a hypervisor named like a ToR): its reports would flip that VTEP's
     * tunnel IP and ports with every report of either switch.
     *
     * <p>A switch whose registration is still on the store writer belongs to none until it is done; then
     * {@code registered} runs, there, and the caller observes the switch again. Reporting the observation that
     * asked for the registration, once it was done, would report it from another thread than the switch's later
     * ones, and possibly after them: the topology would keep a stale one, and a session judged before its VTEP
     * existed would take a tunnel IP another VTEP holds for its own.
     */
    Optional<VtepId> resolve(String peer, boolean dialledIn, Optional<String> name, Runnable registered) {
        if (registering.contains(peer)) {
            return Optional.empty();
        }
        Optional<VtepId> known = idOf(peer);
        if (known.isPresent() || !dialledIn) {
            return known;
        }
        if (name.isEmpty()) {
            if (refused.add(peer)) {
                log.atWarn().addKeyValue("switch", peer).addKeyValue("kind", kind.wireName())
                        .addKeyValue("missing", kind == VtepKind.HYPERVISOR ? "Open_vSwitch external_ids:system-id"
                                : "a Physical_Switch row")
                        .log("switch dialled in without a name; not managed until it has one");
            }
            return Optional.empty();
        }
        VtepId id = VtepId.derivedFrom(name.get());
        Optional<String> holder = passivePeers.entrySet().stream()
                .filter(e -> e.getValue().equals(id) && !e.getKey().equals(peer)).map(Map.Entry::getKey).findFirst();
        if (holder.isPresent()) {
            if (refused.add(peer)) {
                log.atWarn().addKeyValue("switch", peer).addKeyValue("vtep", id).addKeyValue("heldBy", holder.get())
                        .log("switch not managed: another connected switch dialled in under the same name");
            }
            return Optional.empty();
        }
        Optional<Vtep> registeredAs = Optional.ofNullable(store.current().vteps().get(id)).map(Versioned::value);
        if (registeredAs.isPresent() && registeredAs.get().kind() != kind) {
            if (refused.add(peer)) {
                log.atWarn().addKeyValue("switch", peer).addKeyValue("vtep", id).addKeyValue("kind", kind.wireName())
                        .addKeyValue("registeredKind", registeredAs.get().kind().wireName())
                        .log("switch not managed: its name is a VTEP of another kind");
            }
            return Optional.empty();
        }
        if (registeredAs.isPresent()) {
            passivePeers.put(peer, id);
            return Optional.of(id);
        }
        // Marked registering before it is named here: forgetDeleted must never find it named and not registered.
        registering.add(peer);
        passivePeers.put(peer, id);
        storeWriter.execute(() -> {
            boolean done = false;
            try {
                done = register(new Vtep(id, kind, Optional.empty(), Optional.empty()));
            } catch (IntentStoreException e) {
                log.atWarn().addKeyValue("switch", peer).addKeyValue("vtep", id).addKeyValue("reason", e.getMessage())
                        .log("VTEP not registered: the intent store cannot write; asked again when the switch changes");
                return;
            } finally {
                if (!done) {
                    // Registered meanwhile, maybe as the other kind, or the store failed: the next observation
                    // finds out afresh (after a store failure, only once the switch changes: no retry loop).
                    passivePeers.remove(peer, id);
                }
                registering.remove(peer);
            }
            registered.run();
        });
        return Optional.empty();
    }

    /**
     * Forgets the switches that dialled in whose VTEP is no longer registered (deleted while they stay connected),
     * and answers them with the VTEP each had: the next observation of each registers it again, as when it first
     * dialled in. Such a switch still dials the manager; left belonging to a deleted VTEP, its reports would count
     * nowhere and its tunnel ports would stay as they were, out of sight.
     */
    Map<String, VtepId> forgetDeleted() {
        Intent intent = store.current();
        Map<String, VtepId> deleted = new HashMap<>();
        passivePeers.forEach((peer, id) -> {
            if (!intent.vteps().containsKey(id) && !registering.contains(peer)) {
                deleted.put(peer, id);
            }
        });
        deleted.forEach((peer, id) -> {
            passivePeers.remove(peer);
            log.atInfo().addKeyValue("switch", peer).addKeyValue("vtep", id).addKeyValue("kind", kind.wireName())
                    .log("VTEP deleted while its switch, which dials the manager, is connected: registered again");
        });
        return deleted;
    }

    /** The session with {@code peer} ended: its name is free for the next switch that dials in. */
    void release(String peer) {
        passivePeers.remove(peer);
        refused.remove(peer);
    }

    private boolean register(Vtep vtep) {
        try {
            store.apply(new IntentChange.RegisterVtep(vtep));
            log.atInfo().addKeyValue("vtep", vtep.id()).addKeyValue("kind", kind.wireName()).addKeyValue("ovsdbTarget",
                    vtep.ovsdbTarget().map(OvsdbAddress::text).orElse("(dials the manager)")).log("VTEP registered");
            return true;
        } catch (IntentException e) {
            log.atWarn().addKeyValue("vtep", vtep.id()).addKeyValue("kind", kind.wireName())
                    .addKeyValue("reason", e.getMessage()).log("VTEP not registered");
            return false;
        }
    }
}

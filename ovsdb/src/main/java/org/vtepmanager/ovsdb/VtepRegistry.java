package org.vtepmanager.ovsdb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    private volatile IntentTargets targets;

    VtepRegistry(IntentStore store, Executor storeWriter, VtepKind kind) {
        this.store = store;
        this.storeWriter = storeWriter;
        this.kind = kind;
    }

    /** Registers a target given on the command line unless a VTEP already has it. Blocks on the store. */
    void registerTarget(OvsdbTarget target) {
        OvsdbAddress address = OvsdbAddress.parse(target.toString());
        boolean known = store.current().vteps().values().stream()
                .anyMatch(v -> v.value().ovsdbTarget().equals(Optional.of(address)));
        if (!known) {
            register(new Vtep(VtepId.derivedFrom(address.text()), kind, Optional.of(address), Optional.empty()));
        }
    }

    /**
     * Targets of this kind in intent, by the provider's name for them. Built once per intent: every plan of every
     * session asks ({@link #idOf}), and a mesh of hundreds would otherwise rebuild it hundreds of times per change.
     */
    Map<OvsdbTarget, VtepId> targets() {
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
            cached = new IntentTargets(intent, Map.copyOf(byTarget));
            targets = cached;
        }
        return cached.targets();
    }

    private record IntentTargets(Intent intent, Map<OvsdbTarget, VtepId> targets) {
    }

    Optional<VtepId> idOf(String peer) {
        return Optional.ofNullable(passivePeers.get(peer)).or(() -> {
            try {
                return Optional.ofNullable(targets().get(OvsdbTarget.parse(peer)));
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
     * reconnect, and a ToR would keep that made-up name for the session; it is managed once it has one.
     */
    CompletableFuture<Optional<VtepId>> resolve(String peer, boolean dialledIn, Optional<String> name) {
        Optional<VtepId> known = idOf(peer);
        if (known.isPresent() || !dialledIn) {
            return CompletableFuture.completedFuture(known);
        }
        if (name.isEmpty()) {
            if (refused.add(peer)) {
                log.atWarn().addKeyValue("switch", peer).addKeyValue("kind", kind.wireName())
                        .addKeyValue("missing", kind == VtepKind.HYPERVISOR ? "Open_vSwitch external_ids:system-id"
                                : "a Physical_Switch row")
                        .log("switch dialled in without a name; not managed until it has one");
            }
            return CompletableFuture.completedFuture(Optional.empty());
        }
        VtepId id = VtepId.derivedFrom(name.get());
        Optional<String> holder = passivePeers.entrySet().stream()
                .filter(e -> e.getValue().equals(id) && !e.getKey().equals(peer)).map(Map.Entry::getKey).findFirst();
        if (holder.isPresent()) {
            if (refused.add(peer)) {
                log.atWarn().addKeyValue("switch", peer).addKeyValue("vtep", id).addKeyValue("heldBy", holder.get())
                        .log("switch not managed: another connected switch dialled in under the same name");
            }
            return CompletableFuture.completedFuture(Optional.empty());
        }
        passivePeers.put(peer, id);
        if (store.current().vteps().containsKey(id)) {
            return CompletableFuture.completedFuture(Optional.of(id));
        }
        return CompletableFuture.supplyAsync(() -> {
            register(new Vtep(id, kind, Optional.empty(), Optional.empty()));
            return Optional.of(id);
        }, storeWriter);
    }

    /** The session with {@code peer} ended: its name is free for the next switch that dials in. */
    void release(String peer) {
        passivePeers.remove(peer);
        refused.remove(peer);
    }

    private void register(Vtep vtep) {
        try {
            store.apply(new IntentChange.RegisterVtep(vtep));
            log.atInfo().addKeyValue("vtep", vtep.id()).addKeyValue("kind", kind.wireName()).addKeyValue("ovsdbTarget",
                    vtep.ovsdbTarget().map(OvsdbAddress::text).orElse("(dials the manager)")).log("VTEP registered");
        } catch (IntentException e) {
            log.atWarn().addKeyValue("vtep", vtep.id()).addKeyValue("kind", kind.wireName())
                    .addKeyValue("reason", e.getMessage()).log("VTEP not registered");
        }
    }
}

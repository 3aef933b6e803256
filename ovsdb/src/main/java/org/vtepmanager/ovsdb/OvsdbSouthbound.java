package org.vtepmanager.ovsdb;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentException;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.TopologyListener;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ovsdb.hypervisor.HypervisorObservation;
import org.vtepmanager.ovsdb.hypervisor.HypervisorProvider;
import org.vtepmanager.ovsdb.hypervisor.HypervisorReports;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * Joins core and the hypervisor provider, in both directions: registered hypervisors are dialled (and no longer
 * dialled when deregistered), the tunnel mesh follows the desired state, and what the provider sees is reported
 * to the topology under the VTEP's id. A hypervisor that dials the manager is registered the first time it does,
 * under its {@code system-id}.
 */
public final class OvsdbSouthbound implements TopologyListener, HypervisorReports, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OvsdbSouthbound.class);
    static final String NO_LOCAL_IP = "Open_vSwitch other_config:local_ip is not set: this hypervisor gets no tunnels";

    private final IntentStore store;
    private final TopologyService topology;
    private final HypervisorProvider provider;
    private final Executor storeWriter;
    private final Map<String, VtepId> passivePeers = new ConcurrentHashMap<>();
    private final Map<VtepId, Optional<TunnelIp>> lastTunnelIp = new ConcurrentHashMap<>();
    private Set<OvsdbTarget> dialled = Set.of();

    /**
     * Builds the hypervisor provider, reporting here. {@code storeWriter} runs the blocking intent writes
     * (registrations), off every event loop.
     */
    public OvsdbSouthbound(IntentStore store, TopologyService topology, ScheduledExecutorService events,
            OvsdbTransport transport, HypervisorSettings settings, Executor storeWriter) {
        this.store = store;
        this.topology = topology;
        this.provider = new HypervisorProvider(events, transport, settings, this);
        this.storeWriter = storeWriter;
    }

    /** Accepts hypervisors that dial the manager; completes with the bound address. */
    public CompletableFuture<InetSocketAddress> listen(OvsdbTarget.PassiveTcp listener) {
        return provider.listen(listener);
    }

    /** Stops dialling and closes every session; what the switches hold stays. */
    @Override
    public void close() {
        topology.removeListener(this);
        provider.close();
    }

    /**
     * Registers the command line's targets as hypervisors (once: a restart finds them registered), then starts
     * following intent. Blocks on the store: call it before serving.
     */
    public void start(List<OvsdbTarget> commandLineTargets) {
        for (OvsdbTarget target : commandLineTargets) {
            OvsdbAddress address = OvsdbAddress.parse(target.toString());
            boolean known = store.current().vteps().values().stream()
                    .anyMatch(v -> v.value().ovsdbTarget().equals(Optional.of(address)));
            if (!known) {
                register(new Vtep(VtepId.derivedFrom(address.text()), VtepKind.HYPERVISOR, Optional.of(address),
                        Optional.empty()));
            }
        }
        topology.addListener(this);
        follow();
    }

    @Override
    public void event(TopologyEvent event) {
        follow();
    }

    /** Dial what is registered, stop dialling what is not, and hand the mesh to the provider. */
    private synchronized void follow() {
        Set<OvsdbTarget> wanted = registeredTargets().keySet();
        for (OvsdbTarget target : wanted) {
            if (!dialled.contains(target)) {
                provider.connect(target);
            }
        }
        for (OvsdbTarget target : dialled) {
            if (!wanted.contains(target)) {
                provider.disconnect(target);
            }
        }
        dialled = wanted;
        Map<String, Optional<String>> mesh = new HashMap<>();
        topology.desiredState().meshMembers().forEach((id, ip) -> mesh.put(id.value(), ip.map(Object::toString)));
        provider.setTunnelMesh(mesh);
    }

    /** Hypervisor targets in intent, by the provider's name for them. */
    private Map<OvsdbTarget, VtepId> registeredTargets() {
        Map<OvsdbTarget, VtepId> targets = new HashMap<>();
        for (Versioned<Vtep> vtep : store.current().vteps().values()) {
            if (vtep.value().kind() == VtepKind.HYPERVISOR) {
                vtep.value().ovsdbTarget().ifPresent(t -> targets.put(OvsdbTarget.parse(t.text()), vtep.value().id()));
            }
        }
        return targets;
    }

    @Override
    public void observed(HypervisorObservation observation) {
        Optional<TunnelIp> tunnelIp = observation.tunnelIp().flatMap(OvsdbSouthbound::tunnelIp);
        List<String> problems = new ArrayList<>(observation.problems());
        if (tunnelIp.isEmpty()) {
            problems.add(observation.tunnelIp().isEmpty() ? NO_LOCAL_IP
                    : "Open_vSwitch other_config:local_ip '" + observation.tunnelIp().get() + "' is not an IP address");
        }
        resolve(observation).thenAccept(vtep -> vtep.ifPresent(id -> {
            lastTunnelIp.put(id, tunnelIp);
            topology.reportVtep(new VtepObservation(id, ConnectionState.CONNECTED, tunnelIp,
                    datapathId(observation), ports(observation), problems));
        }));
    }

    @Override
    public void disconnected(String peer, String reason) {
        idOf(peer).ifPresent(id -> topology.reportVtep(new VtepObservation(id, ConnectionState.DISCONNECTED,
                lastTunnelIp.getOrDefault(id, Optional.empty()), List.of(), List.of(reason))));
    }

    @Override
    public void failed(String peer, String reason) {
        Optional<VtepId> id = idOf(peer);
        if (id.isEmpty()) {
            // A switch that dialled in and failed its checks has no VTEP yet: the log is the only place to say so.
            log.atWarn().addKeyValue("switch", peer).addKeyValue("reason", reason).log("OVSDB session refused");
            return;
        }
        topology.reportVtep(new VtepObservation(id.get(), ConnectionState.DISCONNECTED,
                lastTunnelIp.getOrDefault(id.get(), Optional.empty()), List.of(), List.of(reason)));
    }

    private Optional<VtepId> idOf(String peer) {
        return Optional.ofNullable(passivePeers.get(peer)).or(() -> {
            try {
                return Optional.ofNullable(registeredTargets().get(OvsdbTarget.parse(peer)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The VTEP a session belongs to. A hypervisor that dialled in is registered first (on the store writer); a
     * session we dialled whose VTEP is no longer registered belongs to none (it is being closed).
     */
    private CompletableFuture<Optional<VtepId>> resolve(HypervisorObservation observation) {
        Optional<VtepId> known = idOf(observation.peer());
        if (known.isPresent() || !observation.dialledIn()) {
            return CompletableFuture.completedFuture(known);
        }
        VtepId id = VtepId.derivedFrom(observation.systemId().orElse(observation.peer()));
        passivePeers.put(observation.peer(), id);
        if (store.current().vteps().containsKey(id)) {
            return CompletableFuture.completedFuture(Optional.of(id));
        }
        return CompletableFuture.supplyAsync(() -> {
            register(new Vtep(id, VtepKind.HYPERVISOR, Optional.empty(), Optional.empty()));
            return Optional.of(id);
        }, storeWriter);
    }

    private void register(Vtep vtep) {
        try {
            store.apply(new IntentChange.RegisterVtep(vtep));
            log.atInfo().addKeyValue("vtep", vtep.id()).addKeyValue("ovsdbTarget",
                    vtep.ovsdbTarget().map(OvsdbAddress::text).orElse("(dials the manager)")).log("hypervisor registered");
        } catch (IntentException e) {
            log.atWarn().addKeyValue("vtep", vtep.id()).addKeyValue("reason", e.getMessage())
                    .log("hypervisor not registered");
        }
    }

    private static OptionalLong datapathId(HypervisorObservation observation) {
        return observation.datapathId().map(hex -> OptionalLong.of(Long.parseUnsignedLong(hex, 16)))
                .orElse(OptionalLong.empty());
    }

    /** A port whose attached-mac is not a MAC keeps its place in the list, without a MAC. */
    private static List<SwitchPort> ports(HypervisorObservation observation) {
        return observation.ports().stream().map(port -> new SwitchPort(port.name(), port.ofport(),
                port.mac().flatMap(OvsdbSouthbound::mac), port.ifaceId())).toList();
    }

    private static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<TunnelIp> tunnelIp(String text) {
        try {
            return Optional.of(TunnelIp.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

package org.vtepmanager.ovsdb;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.TopologyListener;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.TunnelMesh;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ovsdb.hypervisor.HypervisorObservation;
import org.vtepmanager.ovsdb.hypervisor.HypervisorProvider;
import org.vtepmanager.ovsdb.hypervisor.HypervisorReports;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.session.RepairWatch;
import org.vtepmanager.ovsdb.tor.TorSettings;

/**
 * Joins core and the OVSDB providers, in both directions: registered hypervisors and hardware VTEPs are dialled
 * (and no longer dialled when deregistered), switches that dial in are routed by the databases they serve
 * ({@code hardware_vtep}: a ToR, else a hypervisor) and registered the first time they do, the tunnel mesh and the
 * ToRs' tables follow the desired state, and what the providers see is reported to the topology under the VTEP's id.
 * Hypervisors are handled here, ToRs by {@link TorSouthbound}.
 */
public final class OvsdbSouthbound implements TopologyListener, HypervisorReports, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OvsdbSouthbound.class);
    /** The topology events that change what this side writes (see {@link #event}). */
    private static final Set<TopologyEvent.Type> FOLLOWED = EnumSet.of(TopologyEvent.Type.INTENT_CHANGED,
            TopologyEvent.Type.VTEP_OBSERVED, TopologyEvent.Type.TUNNEL_BFD_CHANGED);
    static final String NO_LOCAL_IP = "Open_vSwitch other_config:local_ip is not set: this hypervisor gets no tunnels";
    private static final String HARDWARE_VTEP = "hardware_vtep";

    private final TopologyService topology;
    private final HypervisorProvider provider;
    private final TorSouthbound tors;
    private final OvsdbTransport transport;
    private final VtepRegistry hypervisors;
    private final Map<VtepId, Optional<TunnelIp>> lastTunnelIp = new ConcurrentHashMap<>();
    private final SwitchClaims claims = new SwitchClaims();
    /** Set once closing: sessions then end one by one, and none may re-plan against a half-gone topology. */
    private volatile boolean closing;
    /** Dialled-in hypervisor sessions to a database another session manages, already logged once. */
    private final Set<String> refusedTwins = ConcurrentHashMap.newKeySet();
    /** The VTEPs another VTEP's claim to their tunnel IP put out of the mesh, as of the last {@link #follow}. */
    private volatile Set<VtepId> leftOut = Set.of();
    /** The VTEPs whose session reported since it connected. */
    private final Set<VtepId> reported = ConcurrentHashMap.newKeySet();

    /**
     * Builds the hypervisor and ToR providers, reporting here. {@code storeWriter} runs the blocking intent writes
     * (registrations), off every event loop.
     */
    public OvsdbSouthbound(IntentStore store, TopologyService topology, MacTables macs,
            ScheduledExecutorService events, OvsdbTransport transport, HypervisorSettings settings,
            TorSettings torSettings, Executor storeWriter) {
        this.topology = topology;
        this.transport = transport;
        this.provider = new HypervisorProvider(events, transport, settings, this);
        this.hypervisors = new VtepRegistry(store, storeWriter, VtepKind.HYPERVISOR);
        this.tors = new TorSouthbound(store, topology, macs, events, transport, torSettings, storeWriter);
    }

    /** Accepts switches that dial the manager; completes with the bound address. */
    public CompletableFuture<InetSocketAddress> listen(OvsdbTarget.PassiveTcp listener) {
        return transport.listen(listener, this::route);
    }

    /** A switch that dialled in is a ToR when it serves hardware_vtep (ovs-vtep serves Open_vSwitch too). */
    private void route(OvsdbSession session) {
        session.listDatabases().whenComplete((databases, error) -> {
            if (error != null) {
                refusedDialIn(session.peer(), String.valueOf(error.getMessage()));
                session.close();
            } else if (Arrays.asList(databases).contains(HARDWARE_VTEP)) {
                tors.accept(session);
            } else {
                provider.accept(session);
            }
        });
    }

    /**
     * Stops dialling and closes every session, each once its transaction in flight is answered; what the switches
     * hold stays. Waits for the events executor, so it must not be called there.
     */
    @Override
    public void close() {
        closing = true;
        topology.removeListener(this);
        tors.close();
        provider.close();
    }

    /**
     * Registers the command line's targets (once: a restart finds them registered), then starts following intent.
     * Blocks on the store: call it before serving.
     */
    public void start(List<ConnectTarget> hypervisorTargets, List<ConnectTarget> torTargets) {
        hypervisorTargets.forEach(hypervisors::registerTarget);
        torTargets.forEach(tors.registry()::registerTarget);
        topology.addListener(this);
        follow();
    }

    /**
     * What the OVSDB side writes follows intent, sessions and tunnel BFD. A MAC move reaches the ToRs one MAC at a
     * time ({@link TorSouthbound#macChanged}), and flow counts are the OpenFlow side's: re-planning every ToR for
     * them only cost, and a move is announced while the ToR side may be learning (see
     * {@link TorSouthbound#learnLocalMacs}).
     */
    @Override
    public void event(TopologyEvent event) {
        if (FOLLOWED.contains(event.type())) {
            follow();
        }
    }

    /**
     * Report a VTEP whose target changed disconnected (its last tunnel IP kept, as for any session that ends: a new
     * management address must not cut the data plane), dial what is registered, stop dialling what is not, register
     * again the switches that dial in whose VTEP was deleted, and hand the mesh to the provider.
     */
    private synchronized void follow() {
        // Reported before the new target is dialled: a dial that fails at once reports from the events thread, and
        // that report must come last.
        hypervisors.retargeted().forEach((id, target) -> {
            reported.remove(id);
            reportGone(id, VtepRegistry.retargetedTo(target));
        });
        provider.dial(hypervisors.targets().keySet());
        hypervisors.forgetDeleted().forEach((peer, id) -> {
            reported.remove(id);
            provider.reobserve(peer);
        });
        TunnelMesh tunnelMesh = topology.tunnelMesh();
        leftOut = tunnelMesh.leftOut();
        Map<String, Optional<String>> mesh = new HashMap<>();
        tunnelMesh.members().forEach((id, ip) -> mesh.put(id.value(), ip.map(Object::toString)));
        provider.setTunnelMesh(mesh);
        tors.follow();
    }

    @Override
    public void observed(HypervisorObservation observation) {
        Optional<TunnelIp> tunnelIp = observation.tunnelIp().flatMap(Literals::tunnelIp);
        List<String> problems = new ArrayList<>(observation.problems());
        if (observation.tunnelIp().isEmpty()) {
            problems.add(NO_LOCAL_IP);
        }
        observation.tunnelIp().flatMap(Literals::tunnelIpProblem).ifPresent(why -> problems.add(
                "Open_vSwitch other_config:local_ip: " + why + "; this hypervisor gets no tunnels"));
        String name = observation.systemId().orElse(observation.peer());
        String manager = managerOf(observation.peer(), observation.databaseRow());
        boolean managing = manager.equals(observation.peer());
        if (!managing && observation.dialledIn()) {
            if (refusedTwins.add(observation.peer())) {
                log.atWarn().addKeyValue("switch", observation.peer()).addKeyValue("systemId", name)
                        .addKeyValue("managedThrough", manager).log("hypervisor session not managed: its database "
                                + "is already managed through another session");
            }
            return;
        }
        Optional<String> named = observation.systemId();
        // A dialled twin of a managed session claims no tunnel IP: the managing session's VTEP holds it.
        Optional<TunnelIp> claimed = managing ? tunnelIp : Optional.empty();
        hypervisors.resolve(observation.peer(), observation.dialledIn(), named,
                () -> provider.reobserve(observation.peer())).ifPresent(id -> {
                    if (claims.managedByAnother(observation.peer(), id, hypervisors::idOf)) {
                        return;
                    }
                    lastTunnelIp.put(id, claimed);
                    boolean registered = topology.reportVtep(new VtepObservation(id, ConnectionState.CONNECTED,
                            claimed, datapathId(observation), ports(observation), problems,
                            observation.certificateExpiry(), claimed.stream().toList(),
                            observation.controllerDown()));
                    if (registered) {
                        topology.reportTunnelBfd(id, tunnelBfd(observation.tunnelBfd()));
                        // Its claim is judged now (the report's event updated leftOut): its session may build its
                        // mesh.
                        reported.add(id);
                    } else {
                        // Its VTEP is no longer registered: nothing judges its claim.
                        reported.remove(id);
                    }
                    provider.placeChanged(observation.peer());
                });
    }

    /**
     * A session whose VTEP has reported since it connected is a member of the mesh, or {@code LEFT_OUT} when another
     * VTEP's claim to its tunnel IP won; until then (a switch that dialled in and is being registered, one that
     * reconnected) it is {@code UNKNOWN}, and a plan neither builds ports for a claim not judged nor removes any.
     */
    @Override
    public MeshPlace meshPlace(String peer) {
        return hypervisors.idOf(peer).filter(reported::contains)
                .map(id -> leftOut.contains(id) ? MeshPlace.leftOut(id.value()) : MeshPlace.member(id.value()))
                .orElse(MeshPlace.unknown());
    }

    /** One database, one writing session: see {@link SwitchClaims}. */
    @Override
    public String managerOf(String peer, Optional<UUID> database) {
        return claims.claim(database.map(UUID::toString).orElse(peer), peer);
    }

    @Override
    public void disconnected(String peer, String reason) {
        hypervisors.idOf(peer).filter(id -> !claims.managedByAnother(peer, id, hypervisors::idOf))
                .ifPresent(id -> {
                    reported.remove(id);
                    reportGone(id, reason);
                });
        hypervisors.release(peer);
        forget(peer);
    }

    /** A session that ended frees its database: a session that waited for it plans again now, and takes over. */
    private void forget(String peer) {
        refusedTwins.remove(peer);
        if (claims.release(peer) && !closing) {
            provider.reobserve();
        }
    }

    @Override
    public void repaired(String peer, List<String> what) {
        hypervisors.idOf(peer).ifPresent(id -> {
            RepairWatch.warn(id.toString(), peer, what);
            topology.reportRowsRepaired(id, what);
        });
    }

    @Override
    public void failed(String peer, String reason) {
        forget(peer);
        Optional<VtepId> id = hypervisors.idOf(peer);
        if (id.isEmpty()) {
            refusedDialIn(peer, reason);
            return;
        }
        if (claims.managedByAnother(peer, id.get(), hypervisors::idOf)) {
            return;
        }
        reportGone(id.get(), reason);
    }

    /**
     * A hypervisor without a session: its last tunnel IP is kept (a lost management session must not cut the data
     * plane), and what it said about its BFD sessions is no longer known, not still true.
     */
    private void reportGone(VtepId id, String why) {
        topology.reportVtep(new VtepObservation(id, ConnectionState.DISCONNECTED,
                lastTunnelIp.getOrDefault(id, Optional.empty()), List.of(), List.of(why)));
        topology.reportTunnelBfd(id, Map.of());
    }

    /** A switch that dialled in and failed its checks has no VTEP yet: the log is the only place to say so. */
    static void refusedDialIn(String peer, String reason) {
        log.atWarn().addKeyValue("switch", peer).addKeyValue("reason", reason).log("OVSDB session refused");
    }

    /** BFD states by remote tunnel IP, as a switch reports them; a remote that is not an IP names no tunnel. */
    static Map<TunnelIp, String> tunnelBfd(Map<String, String> byRemote) {
        Map<TunnelIp, String> states = new HashMap<>();
        byRemote.forEach((ip, state) -> Literals.tunnelIp(ip).ifPresent(t -> states.put(t, state)));
        return states;
    }

    private static OptionalLong datapathId(HypervisorObservation observation) {
        return observation.datapathId().map(hex -> OptionalLong.of(Long.parseUnsignedLong(hex, 16)))
                .orElse(OptionalLong.empty());
    }

    /** A port whose attached-mac is not a MAC keeps its place in the list, without a MAC. */
    private static List<SwitchPort> ports(HypervisorObservation observation) {
        return observation.ports().stream().map(port -> new SwitchPort(port.name(), port.ofport(),
                port.mac().flatMap(Literals::mac), port.ifaceId(), port.mtu())).toList();
    }
}

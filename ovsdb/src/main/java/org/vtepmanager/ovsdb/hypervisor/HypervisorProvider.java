package org.vtepmanager.ovsdb.hypervisor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.topology.TunnelPortName;
import org.vtepmanager.ovsdb.Literals;
import org.vtepmanager.ovsdb.hypervisor.HypervisorReports.MeshPlace;
import org.vtepmanager.ovsdb.hypervisor.HypervisorReports.Standing;
import org.vtepmanager.ovsdb.session.GracefulClose;
import org.vtepmanager.ovsdb.session.OvsdbProvider;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * The OVSDB provider for Open vSwitch hypervisors: dials the targets it is given (reconnecting with capped
 * backoff), accepts hypervisors that dial in, and keeps every connected one at its spec: the integration bridge
 * pointed at our OpenFlow controller and one VXLAN port to every other member of the tunnel mesh.
 *
 * <p>Public methods may be called from any thread; all work runs on the events executor.
 */
public final class HypervisorProvider extends OvsdbProvider {

    private static final Logger log = LoggerFactory.getLogger(HypervisorProvider.class);

    private final HypervisorSettings settings;
    private final HypervisorReports reports;
    private final Map<String, HypervisorSession> live = new LinkedHashMap<>();
    private final Map<HypervisorSession, CachedSpec> specs = new HashMap<>();
    private Map<String, Optional<String>> mesh = Map.of();
    /** The tunnel port name of every IP in {@link #mesh}: see {@link HypervisorSpec#portNames}. */
    private Map<String, String> portNames = Map.of();
    /**
     * The latest mesh given and not yet applied. While hypervisors connect, each one's first report changes the
     * mesh, and every change makes every session plan and report again: meshes given in a burst are applied once,
     * the last one.
     */
    private final AtomicReference<Map<String, Optional<String>>> nextMesh = new AtomicReference<>();

    public HypervisorProvider(ScheduledExecutorService events, OvsdbTransport transport, HypervisorSettings settings,
            HypervisorReports reports) {
        super(events, transport, settings.minBackoff(), settings.maxBackoff(), reports);
        this.settings = settings;
        this.reports = reports;
    }

    /**
     * Every VTEP of the overlay (hypervisors and ToRs) by id, with its tunnel IP when known; each hypervisor gets a
     * port to every member but itself. Members leaving take their ports with them on every hypervisor; a member
     * whose IP is not known right now keeps its ports.
     */
    public void setTunnelMesh(Map<String, Optional<String>> members) {
        if (nextMesh.getAndSet(Map.copyOf(members)) == null) {
            events.execute(() -> applyMesh(nextMesh.getAndSet(null)));
        }
    }

    private void applyMesh(Map<String, Optional<String>> next) {
        if (next.equals(mesh)) {
            return;
        }
        mesh = next;
        portNames = portNames(next);
        live.values().stream().filter(this::specChanged).forEach(HypervisorSession::changed);
    }

    /**
     * Whether the session's spec, computed for the mesh just applied, makes a plan write anything its last spec did
     * not. At 200 hypervisors a plan of every session for every mesh change was most of the cost of a join: a
     * session not judged yet or left out has no tunnel to change, and a member registered without an IP changes
     * only a bridge holding ports stamped for it.
     */
    private boolean specChanged(HypervisorSession session) {
        CachedSpec before = specs.get(session);
        HypervisorSpec after = specFor(session).orElseThrow();
        return before == null || !before.spec().plansAlike(after, vtep -> session.holdsTunnelFor(after.bridge(), vtep));
    }

    /** Every session plans and reports again: after a session ended, another one to its database takes over. */
    public void reobserve() {
        events.execute(() -> live.values().forEach(HypervisorSession::changed));
    }

    /** The session with {@code peer}, if live, plans and reports again: its VTEP has just been registered. */
    public void reobserve(String peer) {
        withLive(peer, HypervisorSession::changed);
    }

    /**
     * The session with {@code peer} plans again if its place in the mesh ({@link HypervisorReports#meshPlace}) is
     * not the one its last plan had: its VTEP has just reported, and its claim to its tunnel IP was judged.
     */
    public void placeChanged(String peer) {
        withLive(peer, this::replanIfMoved);
    }

    /** Runs {@code action} on the events executor with the live session to {@code peer}, if there is one by then. */
    private void withLive(String peer, Consumer<HypervisorSession> action) {
        events.execute(() -> Optional.ofNullable(live.get(peer)).ifPresent(action));
    }

    private void replanIfMoved(HypervisorSession session) {
        CachedSpec cached = specs.get(session);
        if (cached != null && !cached.place().equals(reports.meshPlace(session.session().peer()))) {
            session.changed();
        }
    }

    /** Sessions are established here whether dialled ({@link ActiveConnection}) or accepted (listener). */
    @Override
    protected CompletableFuture<Void> establish(OvsdbSession session, boolean dialledIn) {
        HypervisorSession hypervisor = new HypervisorSession(session, dialledIn, events, settings.openflowGrace(),
                this::specFor, reports);
        return hypervisor.start().thenRun(() -> {
            live.put(session.peer(), hypervisor);
            // Its VTEP may have been registered, or judged, while it started, before reobserve or placeChanged could
            // find it here.
            hypervisor.changed();
            log.atInfo().addKeyValue("switch", session.peer())
                    .addKeyValue("systemId", hypervisor.observation().systemId().orElse("?"))
                    .addKeyValue("tunnelIp", hypervisor.tunnelIp().orElse("none")).log("hypervisor connected");
            session.closeFuture().thenRun(() -> {
                live.remove(session.peer());
                specs.remove(hypervisor);
                String reason = session.closeReason();
                log.atInfo().addKeyValue("switch", session.peer()).addKeyValue("reason", reason)
                        .log("hypervisor disconnected");
                reports.disconnected(session.peer(), "OVSDB session closed: " + reason);
            });
        });
    }

    /**
     * A session asks for its spec several times per pass (plan, observation), and a mesh change makes every
     * session ask: the spec is computed again only when the mesh, the session's own tunnel IP or its place in the
     * mesh changed.
     */
    private Optional<HypervisorSpec> specFor(HypervisorSession hypervisor) {
        Optional<String> own = hypervisor.tunnelIp();
        MeshPlace place = reports.meshPlace(hypervisor.session().peer());
        CachedSpec cached = specs.get(hypervisor);
        if (cached == null || cached.mesh() != mesh || !cached.own().equals(own) || !cached.place().equals(place)) {
            cached = new CachedSpec(mesh, own, place, computeSpec(hypervisor, own, place));
            specs.put(hypervisor, cached);
        }
        return Optional.of(cached.spec());
    }

    private record CachedSpec(Map<String, Optional<String>> mesh, Optional<String> own, MeshPlace place,
            HypervisorSpec spec) {
    }

    private HypervisorSpec computeSpec(HypervisorSession hypervisor, Optional<String> localIp, MeshPlace place) {
        // The mesh writes addresses as TunnelIp does; local_ip is as the operator typed it (fd00::1, not
        // fd00:0:0:0:0:0:0:1), so it is compared in the mesh's form.
        Optional<String> reported = localIp.flatMap(Literals::tunnelIp).map(TunnelIp::toString);
        // The address other VTEPs tunnel to: a configured one wins over the switch's, as in the mesh.
        Optional<String> own = place.vtep().flatMap(id -> mesh.getOrDefault(id, Optional.empty())).or(() -> reported);
        TreeMap<String, Optional<String>> remotes = new TreeMap<>(mesh);
        place.vtep().ifPresent(remotes::remove);
        remotes.values().removeIf(ip -> ip.isPresent() && (ip.equals(own) || ip.equals(reported)));
        if (reported.isEmpty() || place.standing() == Standing.LEFT_OUT) {
            // No usable local_ip, or one another VTEP holds: no peer could address this VTEP, so it gets no
            // tunnels (reported in its observation).
            remotes.clear();
        } else if (place.standing() == Standing.UNKNOWN) {
            // Whether that IP is its own is judged once its VTEP has reported: until then no port is built, and none
            // it has is taken away (it may be a member reconnecting).
            remotes.replaceAll((id, ip) -> Optional.empty());
        }
        return new HypervisorSpec(settings.bridge(), settings.datapathType(), controllerTarget(hypervisor.session()),
                own, remotes, portNames, settings.vxlanPort());
    }

    private static Map<String, String> portNames(Map<String, Optional<String>> mesh) {
        Map<String, String> names = new HashMap<>();
        mesh.values().forEach(ip -> ip.ifPresent(remote -> names.computeIfAbsent(remote, TunnelPortName::of)));
        return Map.copyOf(names);
    }

    private Optional<String> controllerTarget(OvsdbSession session) {
        Optional<String> address = settings.openflowAddress()
                .or(() -> session.localAddress().map(local -> local.getAddress().getHostAddress()));
        String method = settings.openflowTls() ? "ssl:" : "tcp:";
        return address.map(ip -> method + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + settings.openflowPort());
    }

    /**
     * Stops dialling and closes every session once its transaction in flight, if any, is answered (at most a few
     * seconds; see {@link GracefulClose}); its rows stay on the switch. Blocks: not on the events executor.
     */
    @Override
    public void close() {
        GracefulClose.close(events, () -> live.values().stream().map(HypervisorSession::stopWriting).toList(), () -> {
            stopDialling();
            live.values().forEach(h -> h.session().close());
        }, "hypervisors");
    }
}

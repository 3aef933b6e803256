package org.vtepmanager.ovsdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.mac.ArpBinding;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.mac.MacFilter;
import org.vtepmanager.core.mac.MacListener;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.DesiredState;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepDesiredState;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.session.RepairWatch;
import org.vtepmanager.ovsdb.tor.MacKey;
import org.vtepmanager.ovsdb.tor.TorObservation;
import org.vtepmanager.ovsdb.tor.TorProvider;
import org.vtepmanager.ovsdb.tor.TorReports;
import org.vtepmanager.ovsdb.tor.TorSettings;
import org.vtepmanager.ovsdb.tor.TorSpec;

/**
 * Joins core and the ToR provider: registered hardware VTEPs are dialled, ToRs that dial in are registered under
 * their Physical_Switch name, each ToR is reported to the topology (tunnel IP from Physical_Switch tunnel_ips, so it
 * joins the mesh), its Ucast_Macs_Local feed the MAC tables, and its spec follows the desired state and the MAC
 * tables: a change of the desired state re-plans every ToR whole, a changed MAC only that MAC.
 */
final class TorSouthbound implements TorReports, MacListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TorSouthbound.class);
    private static final Duration SETTLE_GRACE = Duration.ofSeconds(3);
    /**
     * Without a tunnel IP no VTEP can send to the ToR; its own rows (remote MACs, flood locators) are still written,
     * as for any VTEP whose IP is not known right now, so what it sends still arrives.
     */
    static final String NO_TUNNEL_IP = "Physical_Switch tunnel_ips is empty: no other VTEP can send to this hardware "
            + "VTEP";

    private final TopologyService topology;
    private final MacTables macs;
    private final TorProvider provider;
    private final VtepRegistry registry;
    private final List<String> defaultServiceNodes;
    private final Map<VtepId, Optional<TunnelIp>> lastTunnelIp = new ConcurrentHashMap<>();
    private final TorLocalMacs localMacs;
    private final SwitchClaims claims = new SwitchClaims();
    private final ScheduledExecutorService events;
    private final long settleDeadline;
    /** -1 while some registered VTEP is not connected; else since when all are. */
    private long allConnectedSince = -1;
    private volatile boolean settled;
    /** Set once closing: sessions then end one by one, and none may re-plan against a half-gone topology. */
    private volatile boolean closing;
    /** Dialled-in sessions to a database another session manages, already logged once. */
    private final Set<String> refusedTwins = ConcurrentHashMap.newKeySet();
    /** Per session, the last spec and its inputs. */
    private final Map<String, LastSpec> lastSpecs = new ConcurrentHashMap<>();

    TorSouthbound(IntentStore store, TopologyService topology, MacTables macs, ScheduledExecutorService events,
            OvsdbTransport transport, TorSettings settings, Executor storeWriter) {
        this.topology = topology;
        this.macs = macs;
        this.localMacs = new TorLocalMacs(macs);
        this.events = events;
        this.registry = new VtepRegistry(store, storeWriter, VtepKind.HARDWARE_VTEP);
        this.defaultServiceNodes = settings.serviceNodes();
        this.provider = new TorProvider(events, transport, settings, this);
        this.settleDeadline = System.nanoTime() + settings.settleTimeout().toNanos();
        this.settled = settings.settleTimeout().isZero();
        macs.addMacListener(this);
        if (!settled) {
            // Past the deadline, stale rows go even if some VTEP never showed up.
            events.schedule(provider::changed, settings.settleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    VtepRegistry registry() {
        return registry;
    }

    void accept(OvsdbSession session) {
        provider.accept(session);
    }

    /**
     * Report a ToR whose target changed disconnected (as {@link OvsdbSouthbound} does a hypervisor, and before the
     * new target is dialled), dial what is registered, stop dialling what is not, and re-plan and observe every ToR
     * (a ToR that dials in whose VTEP was deleted is registered again).
     */
    synchronized void follow() {
        registry.retargeted().forEach((id, target) -> {
            List<String> why = List.of(VtepRegistry.retargetedTo(target));
            topology.reportVtep(new VtepObservation(id, ConnectionState.DISCONNECTED,
                    lastTunnelIp.getOrDefault(id, Optional.empty()), List.of(), why));
            topology.reportTunnelBfd(id, Map.of());
        });
        provider.dial(registry.targets().keySet());
        registry.forgetDeleted();
        provider.changed();
    }

    /** Learned, moved, forgotten: each ToR of the network plans just this MAC (see {@link #remoteMacs}). */
    @Override
    public void macChanged(Vni vni, MacAddress mac) {
        provider.macChanged(() -> new MacKey(TorSpec.logicalSwitchName(vni.value()), mac.toString()));
    }

    /** The IP a remote MAC row carries (ipaddr) follows the MAC's ARP claims. */
    @Override
    public void claimsChanged(Vni vni, MacAddress mac) {
        macChanged(vni, mac);
    }

    /**
     * Computed from the desired state and the MAC tables, or the last one of this session when neither changed
     * since (a whole pass that found a switch still going away is planned again with nothing changed).
     */
    @Override
    public Optional<TorSpec> specFor(String peer) {
        return registry.idOf(peer).map(id -> {
            long macChanges = macs.changeCount();
            DesiredState desired = topology.desiredState();
            boolean settling = settling();
            SpecInputs inputs = new SpecInputs(id, desired, macChanges, settling);
            LastSpec last = lastSpecs.get(peer);
            if (last != null && last.inputs().equals(inputs)) {
                return last.spec();
            }
            TorSpec spec = computeSpec(id, desired, settling);
            lastSpecs.put(peer, new LastSpec(inputs, spec));
            return spec;
        });
    }

    /**
     * Each MAC looked up in the MAC tables, against the desired state the last spec of {@code peer} was computed
     * from; when that, or settling, changed since, a whole pass is due instead.
     */
    @Override
    public Optional<Map<MacKey, TorSpec.RemoteMac>> remoteMacs(String peer, List<MacKey> keys) {
        Optional<VtepId> id = registry.idOf(peer);
        LastSpec last = lastSpecs.get(peer);
        DesiredState desired = topology.desiredState();
        if (id.isEmpty() || last == null || !last.inputs().desired().equals(desired)
                || last.inputs().settling() != settling()) {
            return Optional.empty();
        }
        VtepDesiredState own = desired.vteps().get(id.get());
        Map<MacKey, TorSpec.RemoteMac> wanted = new HashMap<>();
        if (own == null || own.leftOut()) {
            return Optional.of(wanted);
        }
        Map<String, Vni> served = new HashMap<>();
        own.networks().forEach(n -> served.put(TorSpec.logicalSwitchName(n.vni().value()), n.vni()));
        Map<VtepId, Optional<TunnelIp>> members = desired.meshMembers();
        for (MacKey key : keys) {
            Vni vni = served.get(key.logicalSwitch());
            Optional<MacEntry> entry = vni == null ? Optional.empty()
                    : Literals.mac(key.mac()).flatMap(mac -> macs.lookup(vni, mac));
            entry.flatMap(e -> TorSpecs.remoteMac(id.get(), own.tunnelIp(), members, e,
                    TorSpecs.ipv4(macs.arpClaims(vni, e.mac())))).ifPresent(remote -> wanted.put(key, remote));
        }
        return Optional.of(wanted);
    }

    private TorSpec computeSpec(VtepId id, DesiredState desired, boolean settling) {
        VtepDesiredState own = desired.vteps().get(id);
        Map<Vni, List<ArpBinding>> arps = new HashMap<>();
        List<MacEntry> entries = new ArrayList<>();
        if (own != null) {
            own.networks().forEach(n -> {
                arps.put(n.vni(), macs.arpBindings(n.vni()));
                entries.addAll(macs.unsortedEntries(
                        new MacFilter(Optional.of(n.vni()), Optional.empty(), Optional.empty())));
            });
        }
        TorSpec spec = TorSpecs.compute(id, desired, entries, arps, defaultServiceNodes);
        return settling ? new TorSpec(spec.logicalSwitches(), spec.bindings(), true) : spec;
    }

    /**
     * After a (re)start the MAC tables are empty until the switches report again (a ToR its Ucast_Macs_Local, a
     * hypervisor's OpenFlow side the source entries it finds): until then a ToR's remote MACs are only added, never
     * removed, so a restart flushes no working traffic. Settled once every registered VTEP has been connected for
     * {@link #SETTLE_GRACE} (time for hypervisors' learned MACs to be adopted), or at the settle timeout. Called on
     * the events thread.
     */
    private boolean settling() {
        if (settled) {
            return false;
        }
        long now = System.nanoTime();
        boolean allConnected = topology.vteps().stream().allMatch(v -> v.state() == ConnectionState.CONNECTED);
        if (!allConnected) {
            allConnectedSince = -1;
        } else if (allConnectedSince < 0) {
            allConnectedSince = now;
            events.schedule(provider::changed, SETTLE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        settled = now - settleDeadline >= 0
                || (allConnectedSince >= 0 && now - allConnectedSince >= SETTLE_GRACE.toNanos());
        if (settled) {
            log.atInfo().log("hardware VTEPs settled: remote MACs the MAC tables do not hold are removed from now on");
        }
        return !settled;
    }

    /** Every tunnel IP the ToR lists that other VTEPs could reach, in its order. */
    private static List<TunnelIp> usable(TorObservation observation) {
        return observation.tunnelIps().stream().map(Literals::tunnelIp).flatMap(Optional::stream).toList();
    }

    @Override
    public void observed(TorObservation observation) {
        // The first address other VTEPs can reach: a loopback listed first (a lab's leftover) must not hide it.
        List<TunnelIp> usable = usable(observation);
        Optional<TunnelIp> tunnelIp = usable.stream().findFirst();
        List<String> problems = new ArrayList<>(observation.problems());
        if (observation.tunnelIps().isEmpty()) {
            problems.add(NO_TUNNEL_IP);
        }
        if (tunnelIp.isEmpty()) {
            observation.tunnelIps().stream().findFirst().flatMap(Literals::tunnelIpProblem).ifPresent(why -> problems
                    .add("Physical_Switch tunnel_ips: " + why + "; no other VTEP can send to this hardware VTEP"));
        }
        String name = observation.physicalSwitch().orElse(observation.peer());
        String manager = managerOf(observation.peer(), observation.physicalSwitchRow());
        boolean managing = manager.equals(observation.peer());
        if (!managing && observation.dialledIn()) {
            if (refusedTwins.add(observation.peer())) {
                log.atWarn().addKeyValue("switch", observation.peer()).addKeyValue("physicalSwitch", name)
                        .addKeyValue("managedThrough", manager).log("hardware VTEP session not managed: its database "
                                + "is already managed through another session");
            }
            return;
        }
        Optional<String> named = observation.physicalSwitch();
        boolean wasKnown = registry.idOf(observation.peer()).isPresent();
        // A dialled twin of a managed session claims no tunnel IP: the managing session's VTEP holds it.
        Optional<TunnelIp> claimed = managing ? tunnelIp : Optional.empty();
        registry.resolve(observation.peer(), observation.dialledIn(), named, provider::changed).ifPresent(id -> {
            if (claims.managedByAnother(observation.peer(), id, registry::idOf)) {
                return;
            }
            lastTunnelIp.put(id, claimed);
            if (managing) {
                // A dialled twin of a managed session reports (its problems say why it writes nothing), but its
                // database's MACs are the managing session's.
                localMacs.reported(id, observation.localMacs());
            }
            List<SwitchPort> ports = observation.ports().stream()
                    .map(port -> SwitchPort.plain(port, -1)).toList();
            topology.reportVtep(new VtepObservation(id, ConnectionState.CONNECTED, claimed, OptionalLong.empty(),
                    ports, problems, observation.certificateExpiry(), managing ? usable : List.of()));
            topology.reportTunnelBfd(id, OvsdbSouthbound.tunnelBfd(observation.tunnelBfd()));
            if (!wasKnown) {
                // This session's VTEP just became known (a ToR that dialled in): it has a spec now.
                provider.changed();
            }
        });
    }

    /** One database, one writing session: see {@link SwitchClaims}. */
    @Override
    public String managerOf(String peer, Optional<UUID> database) {
        return claims.claim(database.map(UUID::toString).orElse(peer), peer);
    }

    @Override
    public void disconnected(String peer, String reason) {
        registry.idOf(peer).filter(id -> !claims.managedByAnother(peer, id, registry::idOf)).ifPresent(id -> {
            topology.reportVtep(new VtepObservation(id, ConnectionState.DISCONNECTED,
                    lastTunnelIp.getOrDefault(id, Optional.empty()), List.of(), List.of(reason)));
            // What the switch said about its BFD sessions is no longer known, not still true.
            topology.reportTunnelBfd(id, Map.of());
            localMacs.sessionEnded(id);
        });
        registry.release(peer);
        forget(peer);
    }

    /** A session that ended frees its database: a session that waited for it plans again now, and takes over. */
    private void forget(String peer) {
        refusedTwins.remove(peer);
        lastSpecs.remove(peer);
        if (claims.release(peer) && !closing) {
            provider.changed();
        }
    }

    @Override
    public void repaired(String peer, List<String> what) {
        registry.idOf(peer).ifPresent(id -> {
            RepairWatch.warn(id.toString(), peer, what);
            topology.reportRowsRepaired(id, what);
        });
    }

    @Override
    public void failed(String peer, String reason) {
        forget(peer);
        Optional<VtepId> id = registry.idOf(peer);
        if (id.isEmpty()) {
            OvsdbSouthbound.refusedDialIn(peer, reason);
            return;
        }
        if (claims.managedByAnother(peer, id.get(), registry::idOf)) {
            return;
        }
        topology.reportVtep(new VtepObservation(id.get(), ConnectionState.DISCONNECTED,
                lastTunnelIp.getOrDefault(id.get(), Optional.empty()), List.of(), List.of(reason)));
        topology.reportTunnelBfd(id.get(), Map.of());
    }

    @Override
    public void close() {
        closing = true;
        macs.removeMacListener(this);
        provider.close();
    }

    /** Everything a spec is computed from; the MAC tables by their change count, read before they are. */
    private record SpecInputs(VtepId tor, DesiredState desired, long macChanges, boolean settling) {
    }

    private record LastSpec(SpecInputs inputs, TorSpec spec) {
    }
}

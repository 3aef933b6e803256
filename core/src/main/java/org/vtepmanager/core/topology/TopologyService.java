package org.vtepmanager.core.topology;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.IntentListener;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacFilter;
import org.vtepmanager.core.mac.MacTables;

/**
 * Joins intent, southbound observations and MAC tables into {@link Topology} and {@link DesiredState}, and tells
 * {@link TopologyListener}s when any of them changed. Southbound providers report through {@link #reportVtep}.
 */
public final class TopologyService implements IntentListener {

    private static final Logger log = LoggerFactory.getLogger(TopologyService.class);

    private final IntentStore store;
    private final MacTables macs;
    private final int underlayMtu;
    private final AtomicReference<ObservedState> observed = new AtomicReference<>(ObservedState.NONE);
    private final List<TopologyListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<VtepId, List<FlowTableSummary>> flowTables = new ConcurrentHashMap<>();
    private final Map<VtepId, String> flowRefusals = new ConcurrentHashMap<>();
    private final Map<VtepId, String> missingSessions = new ConcurrentHashMap<>();
    private final TunnelBfdStates bfd = new TunnelBfdStates();
    private final ProblemLog problems = new ProblemLog();
    private final LastComputed<DesiredState> lastDesired = new LastComputed<>();
    private final LastComputed<TunnelIpClaims> lastClaims = new LastComputed<>();
    private final LastComputed<SharedDatapaths> lastShared = new LastComputed<>();

    /** Subscribes to {@code store}; {@code underlayMtu} derives the MTU of networks that set none. */
    public TopologyService(IntentStore store, MacTables macs, int underlayMtu) {
        this.store = store;
        this.macs = macs;
        this.underlayMtu = underlayMtu;
        store.addListener(this);
        macs.addMoveListener(this::macMoved);
    }

    public Topology topology() {
        Intent intent = store.current();
        ObservedState now = observed.get();
        TunnelIpClaims claims = claims(intent, now);
        return new Topology(intent.revision(), underlayMtu, mtus(intent, claims).carried(), vteps(intent, now),
                bfd.join(desiredState(intent, now, () -> claims).tunnels()), List.copyOf(intent.networks().values()),
                intent.bindingValues().toList(), macs.entries(MacFilter.ALL));
    }

    /** The registered VTEPs with their state, without the cost of a whole topology (which copies every MAC). */
    public List<VtepView> vteps() {
        Intent intent = store.current();
        return vteps(intent, observed.get());
    }

    /**
     * The mesh alone, without the cost of a desired state: what follows the mesh (a hypervisor's tunnel ports) on
     * every intent change reads this, so a write of one binding does not compute every VTEP's networks and tunnels.
     */
    public TunnelMesh tunnelMesh() {
        Intent intent = store.current();
        return TunnelMesh.of(intent, claims(intent, observed.get()));
    }

    /**
     * Computed once per intent and observation: each change is followed by every southbound, and by each ToR's pass,
     * each asking for it, and every packet-in asks for its VTEP's bindings; its cost grows with the networks and
     * VTEPs (a fresh computation per asking made every intent write a few milliseconds at a few thousand networks).
     */
    public DesiredState desiredState() {
        Intent intent = store.current();
        ObservedState now = observed.get();
        return desiredState(intent, now, () -> claims(intent, now));
    }

    private DesiredState desiredState(Intent intent, ObservedState now, Supplier<TunnelIpClaims> claims) {
        return lastDesired.get(intent, now, () -> DesiredState.compute(intent, claims.get()));
    }

    /**
     * The claims to tunnel IPs of {@code intent} and {@code observed}, computed once for both: a report reads the
     * claims before and after it (for the problem log), and the mesh then reads them after it again.
     */
    private TunnelIpClaims claims(Intent intent, ObservedState observed) {
        return lastClaims.get(intent, observed, () -> TunnelIpClaims.of(intent, observed));
    }

    /** As {@link #claims}: read before and after a report, then for each view. */
    private SharedDatapaths shared(Intent intent, ObservedState observed) {
        return lastShared.get(intent, observed, () -> SharedDatapaths.of(observed));
    }

    /**
     * The VTEP whose integration bridge has datapath id {@code datapath}, by what the VTEPs report: none when no VTEP
     * reports it, or when several connected ones do ({@link SharedDatapaths}). Computed once per observation, not
     * per asking: every OpenFlow switch asks at each reconcile.
     */
    public Optional<VtepId> vtepOfDatapath(long datapath) {
        return shared(store.current(), observed.get()).owner(datapath);
    }

    /** The underlay MTU networks without an explicit MTU derive theirs from. */
    public int underlayMtu() {
        return underlayMtu;
    }

    /**
     * The largest overlay frame the underlay carries, and the MTU of a network that sets none: the underlay MTU less
     * VXLAN's 50 bytes, or 70 once a VTEP tunnels over IPv6.
     */
    public int carriedMtu() {
        Intent intent = store.current();
        return mtus(intent, claims(intent, observed.get())).carried();
    }

    /** What each network carries, by the underlay MTU and the VXLAN overhead of the mesh {@code claims} make. */
    private NetworkMtus mtus(Intent intent, TunnelIpClaims claims) {
        return new NetworkMtus(intent, underlayMtu, claims.vxlanOverhead());
    }

    /**
     * Southbound: this is what {@code observation.vtep()} looks like now. Unchanged reports raise no event, and
     * neither do reports of a VTEP that is not registered (any more): a deleted VTEP's closing session must not
     * leave an observation that a VTEP registered again under its id would inherit.
     *
     * @return whether the report was kept: false when its VTEP is not registered
     */
    public boolean reportVtep(VtepObservation observation) {
        while (true) {
            // Registration is checked at every attempt: a delete's removal (below) may get in between.
            ObservedState before = observed.get();
            if (!registered(observation.vtep())) {
                return false;
            }
            ObservedState after = before.with(observation);
            if (observed.compareAndSet(before, after)) {
                if (after != before) {
                    log.atDebug().addKeyValue("vtep", observation.vtep()).addKeyValue("state", observation.state())
                            .addKeyValue("tunnelIp", observation.tunnelIp().orElse(null)).log("VTEP observed");
                    updateProblems(before, after, observation.vtep());
                    fire(new TopologyEvent(TopologyEvent.Type.VTEP_OBSERVED, observation.vtep().toString()));
                }
                return true;
            }
        }
    }

    /**
     * Compares the views a report can touch: its own VTEP's, and those of the VTEPs whose claim to a tunnel IP it
     * settled or unsettled ({@link TunnelIpClaims} before and after) or whose datapath id it began or ceased to share
     * ({@link SharedDatapaths}). At 200 hypervisors, comparing every view at
     * each report was an eighth of the events thread's work while they converged.
     */
    private void updateProblems(ObservedState before, ObservedState after, VtepId reporting) {
        problems.updateSome(() -> {
            Intent intent = store.current();
            // Before first: the last claims computed are usually the ones before this report.
            TunnelIpClaims was = claims(intent, before);
            TunnelIpClaims claims = claims(intent, after);
            // A first VTEP tunnelling over IPv6 lowers what every network carries, and so every view's MTU checks.
            Set<VtepId> touched = claims.vxlanOverhead() == was.vxlanOverhead()
                    ? new TreeSet<>(claims.differingFrom(was)) : new TreeSet<>(intent.vteps().keySet());
            SharedDatapaths wasShared = shared(intent, before);
            touched.addAll(shared(intent, after).differingFrom(wasShared));
            touched.add(reporting);
            // The views as they are now: a report from another thread may have come in since this one.
            return views(intent, observed.get(), touched.stream());
        });
    }

    private boolean registered(VtepId vtep) {
        return store.current().vteps().containsKey(vtep);
    }

    /** A deleted VTEP takes what was observed of it along (its tunnel IP above all). */
    @Override
    public void event(IntentEvent event) {
        if (event.change() instanceof IntentChange.DeleteVtep delete) {
            observed.updateAndGet(state -> state.without(delete.id()));
            flowTables.remove(delete.id());
            flowRefusals.remove(delete.id());
            missingSessions.remove(delete.id());
            bfd.report(delete.id(), Map.of());
        }
        updateProblems(event.change());
        fire(new TopologyEvent(TopologyEvent.Type.INTENT_CHANGED, event.change().toString()));
    }

    /**
     * Only the views {@code change} can touch are compared: every view walks every binding, which made each write
     * cost time linear in the intent. A problem names a bound port (its VTEP's bindings, and its network's MTU) or
     * a tunnel IP claim (any VTEP's, when one is registered, updated or deleted); none names a static MAC.
     */
    private void updateProblems(IntentChange change) {
        if (change instanceof IntentChange.UpdateNetwork update) {
            problems.updateSome(() -> boundTo(update.network().vni()));
        } else if (change instanceof IntentChange.CreateBinding create) {
            problems.updateSome(() -> view(create.binding().portVlan().vtep()));
        } else if (change instanceof IntentChange.UpdateBinding update) {
            problems.updateSome(() -> view(update.binding().portVlan().vtep()));
        } else if (change instanceof IntentChange.DeleteBinding delete) {
            problems.updateSome(() -> view(delete.portVlan().vtep()));
        } else if (change instanceof IntentChange.RegisterVtep || change instanceof IntentChange.UpdateVtep
                || change instanceof IntentChange.DeleteVtep) {
            problems.update(this::vteps);
        }
    }

    /** The views of the VTEPs with a port bound to {@code vni}: a change of its MTU can touch no other. */
    private List<VtepView> boundTo(Vni vni) {
        Intent intent = store.current();
        return views(intent, observed.get(), intent.bindingsOf(vni).stream().map(b -> b.portVlan().vtep()));
    }

    /** {@code vtep}'s view alone, none once it is deleted. */
    private List<VtepView> view(VtepId vtep) {
        return views(store.current(), observed.get(), Stream.of(vtep));
    }

    /** The views of {@code vteps} that are registered, each once. */
    private List<VtepView> views(Intent intent, ObservedState now, Stream<VtepId> vteps) {
        return vteps.distinct().map(id -> Optional.ofNullable(intent.vteps().get(id))).flatMap(Optional::stream)
                .map(vtep -> view(vtep.value(), intent, now, intent.bindingsOn(vtep.value().id()))).toList();
    }

    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }

    private List<VtepView> vteps(Intent intent, ObservedState observed) {
        Map<VtepId, List<VlanBinding>> bindings = intent.bindingsByVtep();
        return intent.vteps().values().stream().map(Versioned::value)
                .map(vtep -> view(vtep, intent, observed, bindings.getOrDefault(vtep.id(), List.of()))).toList();
    }

    /**
     * The tunnel IP the mesh uses; problems as {@link VtepProblems} finds them. The judgements across VTEPs are
     * computed once per intent and observation (see {@link LastComputed}), not once per view.
     */
    private VtepView view(Vtep vtep, Intent intent, ObservedState observed, List<VlanBinding> bindings) {
        VtepObservation observation = observed.of(vtep.id());
        TunnelIpClaims claims = claims(intent, observed);
        return new VtepView(vtep, observation.state(), claims.tunnelIp(vtep.id()), observation.datapathId(),
                observation.ports(), VtepProblems.of(vtep, observation, bindings, mtus(intent, claims), claims,
                        shared(intent, observed),
                        Optional.ofNullable(flowRefusals.get(vtep.id())),
                        Optional.ofNullable(missingSessions.get(vtep.id()))),
                flowTables.getOrDefault(vtep.id(), List.of()), observation.certificateExpiry());
    }

    /**
     * OpenFlow southbound: {@code vtep}'s switch refused flows of the manager's, for {@code why}; or, empty, it
     * took them since. Until then that is one of the VTEP's problems: the switch is read again and retried, and the
     * log alone would repeat it at every retry. A VTEP that is not registered (any more) keeps none, so that one
     * registered again under its id does not inherit it.
     */
    public void reportFlowRefusal(VtepId vtep, Optional<String> why) {
        report(flowRefusals, vtep, why);
    }

    /**
     * OpenFlow southbound: the manager has held no OpenFlow session from {@code vtep}'s bridge for longer than a
     * grace, for {@code why}; or, empty, it holds one again. Until then that is one of the VTEP's problems, unless
     * the switch reports the bridge unconnected itself ({@link VtepObservation#controllerDown}): its own account
     * says why. As for flow refusals, a VTEP that is not registered keeps none.
     */
    public void reportSessionMissing(VtepId vtep, Optional<String> why) {
        report(missingSessions, vtep, why);
    }

    private void report(Map<VtepId, String> reports, VtepId vtep, Optional<String> why) {
        if (why.isPresent() && !registered(vtep)) {
            return;
        }
        String before = why.isPresent() ? reports.put(vtep, why.get()) : reports.remove(vtep);
        if (!Objects.equals(before, why.orElse(null))) {
            problems.updateSome(() -> view(vtep));
            fire(new TopologyEvent(TopologyEvent.Type.VTEP_OBSERVED, vtep.toString()));
        }
    }

    /**
     * OpenFlow southbound: what {@code vtep}'s switch counts in its tables. Only a change of the number of flows
     * raises an event (packet counters move all the time; they are read with the next topology).
     */
    public void reportFlowTables(VtepId vtep, List<FlowTableSummary> tables) {
        List<FlowTableSummary> before = flowTables.put(vtep, List.copyOf(tables));
        List<Long> flows = tables.stream().map(FlowTableSummary::flows).toList();
        if (before == null || !before.stream().map(FlowTableSummary::flows).toList().equals(flows)) {
            fire(new TopologyEvent(TopologyEvent.Type.FLOWS_REPORTED, vtep.toString()));
        }
    }

    /**
     * Southbound: the BFD state of {@code vtep}'s tunnels, by remote tunnel IP, as the VTEP reports it now (a ToR's
     * hardware_vtep Tunnel rows). Replaces the previous report: a tunnel left out has no state any more, so a lost
     * session reports an empty map. Each tunnel whose state changed raises one event.
     */
    public void reportTunnelBfd(VtepId vtep, Map<TunnelIp, String> byRemoteIp) {
        for (String change : bfd.report(vtep, byRemoteIp)) {
            log.atDebug().addKeyValue("vtep", vtep).addKeyValue("tunnel", change).log("tunnel BFD state");
            fire(new TopologyEvent(TopologyEvent.Type.TUNNEL_BFD_CHANGED, vtep + " tunnel to " + change));
        }
    }

    /**
     * OpenFlow southbound: {@code vtep}'s switch held {@code held} of our flows where {@code installed} were, and is
     * being read back and repaired. Changes no view; said once, for the operators' feed.
     */
    public void reportFlowsRepaired(VtepId vtep, long held, long installed) {
        fire(new TopologyEvent(TopologyEvent.Type.FLOWS_REPAIRED, vtep + ": its switch held " + held
                + " of our flows where " + installed + " were installed; read back and repaired"));
    }

    /**
     * OpenFlow southbound: {@code vtep}'s switch held {@code flows} flows and {@code groups} groups of ours other
     * than we installed (changed, missing or extra, in equal number, so no count showed it), and is being read back
     * and repaired. Changes no view; said once, for the operators' feed.
     */
    public void reportFlowsChanged(VtepId vtep, int flows, int groups) {
        fire(new TopologyEvent(TopologyEvent.Type.FLOWS_REPAIRED, vtep + ": its switch held " + flows
                + (flows == 1 ? " flow" : " flows") + " and " + groups + (groups == 1 ? " group" : " groups")
                + " of ours other than we installed; read back and repaired"));
    }

    /**
     * OVSDB southbound: {@code vtep}'s switch no longer held rows of ours as its unchanged spec has them, and
     * {@code what} is being put back. Changes no view; said once, for the operators' feed.
     */
    public void reportRowsRepaired(VtepId vtep, List<String> what) {
        fire(new TopologyEvent(TopologyEvent.Type.ROWS_REPAIRED, vtep + ": another writer changed what the manager "
                + "keeps on its switch; put back: " + String.join("; ", what)));
    }

    /** A MAC moved (learned at a new location, by any southbound); said once, for the operators' feed. */
    private void macMoved(Vni vni, MacAddress mac, MacLocation from, MacLocation to) {
        fire(new TopologyEvent(TopologyEvent.Type.MAC_MOVED,
                "VNI " + vni + " " + mac + " moved from " + from + " to " + to));
    }

    private void fire(TopologyEvent event) {
        for (TopologyListener listener : listeners) {
            try {
                listener.event(event);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("listener", listener).addKeyValue("event", event.type())
                        .setCause(e).log("topology listener failed");
            }
        }
    }
}

package org.vtepmanager.ofcontroller.southbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.mac.MacListener;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.DesiredState;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.TopologyListener;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepDesiredState;
import org.vtepmanager.core.topology.VtepView;
import org.vtepmanager.ofcontroller.OfMessages;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.SharedEncodings;
import org.vtepmanager.ofcontroller.SwitchListener;
import org.vtepmanager.ofcontroller.pipeline.FlowPipeline;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;
import org.vtepmanager.ofcontroller.pipeline.SwitchDiff;

/**
 * Joins the OpenFlow switches to core: a switch is matched to its VTEP by datapath id, its flows and groups are
 * read back on connect (and again if it is found to hold another number of our flows than we installed), and from
 * then on every change of intent, observation, MAC table or ports leads to the diff between what it holds and what
 * it must hold, and nothing more (a manager restart does not touch working flows).
 * Packet-ins feed learning and ARP ({@link PacketIns}); flow-removed ages MACs. All state lives on one thread: the
 * executor the OpenFlow server delivers callbacks on, to which the other listeners hand their events.
 */
public final class OpenFlowSouthbound implements SwitchListener, TopologyListener, MacListener {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowSouthbound.class);
    /** At INFO when a connection's switch is first matched to its VTEP, at DEBUG when read back to repair it. */
    static final String MATCHED = "switch matched to VTEP";
    /**
     * After a (re)start, no switch is reconciled until every registered VTEP is connected and every switch of
     * theirs was read back (their learned MACs adopted), or until this much time has passed: reconciling earlier
     * would delete flows towards MACs that are merely not known yet.
     */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Distinct messages a MAC pass sends per MAC, about: its source and destination entries on its own switch, a
     * destination entry per tunnel port number that leads to it elsewhere, a stale entry to delete.
     */
    private static final int MESSAGES_PER_MAC = 4;
    /**
     * MACs one pass takes from the queue at most; the rest go to the next pass, queued behind what arrived
     * meanwhile. A pass holds every switch's desired entries and messages for its MACs until it ends: with 20,000 new
     * MACs outstanding at each of 16 switches in one network, uncapped passes learned 10–39k MACs/s, passes of
     * 4,096 78–102k (BENCHMARKS.md, "A burst of new MACs"). Passes of 1,024 learned more again at 64 switches with a
     * network each, and no less elsewhere: likely a smaller working set, as a pass looks up again every MAC it
     * learned (BENCHMARKS.md, "Passes of 1,024").
     */
    static final int MAX_MACS_PER_PASS = 1_024;
    static final Duration POLL_PERIOD = Duration.ofSeconds(5);
    /** How often a switch is read whole and compared with what we installed ({@link FlowComparison}). */
    public static final Duration DEFAULT_COMPARE_PERIOD = Duration.ofMinutes(1);
    /** A switch that rejects a batch is re-read after a pause, so a persistent rejection cannot spin. */
    private static final long RELOAD_DELAY_MILLIS = 1_000;

    private final TopologyService topology;
    private final Executor thread;
    private final OFFactory of = new OfMessages().factory();
    private final FlowPipeline pipeline = new FlowPipeline(of);
    private final ContextBuilder contexts;
    private final PacketIns packetIns;
    private final LearnHolds holds;
    private final FlowAudit audit;
    private final FlowComparison comparison;
    private final FlowRefusals refusals;
    private final MissingSessions missingSessions;
    private final Map<DatapathId, SwitchState> switches = new HashMap<>();
    private final long settleDeadlineNanos;
    private final Duration pollPeriod;
    private boolean settled;
    private boolean reconcileQueued;
    private final Queue<PipelineSpec.MacKey> changedMacs = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean macPassQueued = new AtomicBoolean();

    /**
     * @param comparePeriod how often each switch is read whole and compared with what we installed (a switch with
     *     many flows less often, {@link FlowComparison}); zero never, at most a day
     * @param thread the executor the OpenFlow server delivers its callbacks on (one at a time)
     */
    public OpenFlowSouthbound(TopologyService topology, MacTables macs, LearningSettings learning,
            Duration comparePeriod, Executor thread) {
        this(topology, macs, learning, thread, SETTLE_TIMEOUT, POLL_PERIOD, comparePeriod,
                MissingSessions.DEFAULT_GRACE);
    }

    /**
     * With other timings than the production ones: tests of what happens when the settle timeout passes, of what a
     * poll of the switches finds, and of a hypervisor whose session does not come back.
     */
    OpenFlowSouthbound(TopologyService topology, MacTables macs, LearningSettings learning, Executor thread,
            Duration settleTimeout, Duration pollPeriod, Duration comparePeriod, Duration sessionGrace) {
        this.topology = topology;
        this.thread = thread;
        this.contexts = new ContextBuilder(macs, learning.agingSeconds());
        this.holds = new LearnHolds(pipeline, learning.holdSeconds(), System::nanoTime);
        this.packetIns = new PacketIns(macs, of, holds);
        this.audit = new FlowAudit(of, topology, this::reload);
        this.comparison = new FlowComparison(of, topology, comparePeriod, this::reload);
        this.refusals = new FlowRefusals(topology);
        this.missingSessions = new MissingSessions(topology, sessionGrace);
        this.settleDeadlineNanos = System.nanoTime() + settleTimeout.toNanos();
        this.pollPeriod = pollPeriod;
        topology.addListener(this);
        macs.addMacListener(this);
        // Past the deadline, switches are programmed even if some VTEP never showed up. Settling reconciles every
        // switch once; if every VTEP showed up before, that was done then, and a second pass over every switch and
        // MAC would only stall learning.
        CompletableFuture.runAsync(this::settled,
                CompletableFuture.delayedExecutor(settleTimeout.toMillis(), TimeUnit.MILLISECONDS, thread));
        schedulePolls();
    }

    /**
     * Every few seconds each matched switch is polled (its table counters, and flows lost behind our back), and
     * each hypervisor is judged by whether its switch holds a session with us.
     */
    private void schedulePolls() {
        CompletableFuture.runAsync(() -> {
            switches.values().forEach(state -> {
                audit.poll(state);
                comparison.poll(state);
            });
            judgeSessions();
            schedulePolls();
        }, CompletableFuture.delayedExecutor(pollPeriod.toMillis(), TimeUnit.MILLISECONDS, thread));
    }

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        SwitchState state = new SwitchState(sw);
        switches.put(sw.dpid(), state);
        missingSessions.sessionUp(sw.dpid().getLong());
        load(state);
    }

    private void judgeSessions() {
        missingSessions.judge(dpid -> switches.containsKey(DatapathId.of(dpid)), System.nanoTime());
    }

    /**
     * Reads back what the switch holds of ours, into a new model a reply part at a time as the parts arrive (a
     * manager restart reads every switch at once, and a read held whole takes many times the model's memory), then
     * adopts its learned MACs and reconciles.
     */
    private void load(SwitchState state) {
        OpenFlowSwitch sw = state.sw;
        InstalledSwitch reading = new InstalledSwitch();
        CompletableFuture<Void> flowsRead = SwitchReads.ourFlows(of, sw, reading::readFlows);
        flowsRead.thenCombine(SwitchReads.groups(of, sw), (read, groups) -> {
            reading.readGroups(groups);
            return reading;
        }).whenCompleteAsync((installed, error) -> {
            if (error != null) {
                log.atWarn().addKeyValue("dpid", sw.dpid()).addKeyValue("reason", error.getMessage())
                        .log("cannot read the switch's flows; it stays unmanaged until it reconnects");
                return;
            }
            state.installed = installed;
            state.reconciledFor = null;
            state.vtep = null;
            comparison.wasRead(state);
            match(state);
            reconcile(state);
        }, thread);
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        SwitchState gone = switches.get(sw.dpid());
        if (gone != null && gone.sw == sw) {
            switches.remove(sw.dpid());
            refusals.clear(gone);
        }
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        SwitchState state = switches.get(sw.dpid());
        if (state == null) {
            return;
        }
        if (reason == OFPortReason.DELETE) {
            holds.portGone(state, port.getPortNo());
            if (state.ready()) {
                packetIns.forgetGonePorts(state);
            }
        }
        reconcile(state);
    }

    @Override
    public void messageReceived(OpenFlowSwitch sw, OFMessage message) {
        SwitchState state = switches.get(sw.dpid());
        if (state == null || state.sw != sw) {
            // A replaced session's last messages: its frames are not those of the bridge now connected.
            return;
        }
        if (message instanceof OFPacketIn packetIn) {
            packetIns.packetIn(state, state.ready() ? vtepState(state) : null, packetIn);
        } else if (message instanceof OFFlowRemoved removed && state.ready()) {
            state.installed.removed(removed);
            packetIns.flowRemoved(state, vtepState(state), removed);
        }
    }

    /** Intent and observations shape the pipeline; flow counts and MAC-move notices (our own reports) do not. */
    @Override
    public void event(TopologyEvent event) {
        if (event.type() == TopologyEvent.Type.INTENT_CHANGED || event.type() == TopologyEvent.Type.VTEP_OBSERVED) {
            queueReconcileAll();
        }
    }

    /**
     * A learn, move or aging reprograms that MAC alone on every switch (its source and destination entries): the
     * hot path of learning must not recompute whole pipelines. Bursts are folded into one pass: learns (on this
     * thread) and static MACs (from other threads) alike go into one queue, and only the first MAC of a burst hands
     * a pass to the thread, so a learn costs no executor hand-off of its own.
     */
    @Override
    public void macChanged(Vni vni, MacAddress mac) {
        changedMacs.add(new PipelineSpec.MacKey(vni.value(), mac.bits()));
        if (macPassQueued.compareAndSet(false, true)) {
            thread.execute(this::macPass);
        }
    }

    private void macPass() {
        // Cleared before draining: a MAC queued from here on schedules a pass of its own.
        macPassQueued.set(false);
        Set<PipelineSpec.MacKey> macs = new HashSet<>();
        for (int taken = 0; taken < MAX_MACS_PER_PASS; taken++) {
            PipelineSpec.MacKey key = changedMacs.poll();
            if (key == null) {
                break;
            }
            macs.add(key);
        }
        if (!changedMacs.isEmpty() && macPassQueued.compareAndSet(false, true)) {
            thread.execute(this::macPass);
        }
        if (macs.isEmpty() || !settled()) {
            return;
        }
        Map<Integer, ContextBuilder.NetworkMacs> byNetwork = contexts.lookUp(macs);
        List<PipelineSpec.MacKey> all = List.copyOf(macs);
        FlowPipeline.MacPass pass = pipeline.macPass(contexts.agingSeconds());
        SharedEncodings encodings = SharedEncodings.NONE;
        for (SwitchState state : switches.values()) {
            Optional<SwitchDiff> diff = reprogram(state, all, byNetwork, pass);
            if (diff.isEmpty()) {
                continue;
            }
            // From the first switch given a flow object another was given, they are encoded once for all. Until
            // then (always, with a network per switch) keeping each message's bytes would only cost. Each batch goes
            // out as soon as it is taken, so the IO thread writes while the next switch's is taken.
            if (encodings == SharedEncodings.NONE && pass.sharesFlows()) {
                encodings = new SharedEncodings(MESSAGES_PER_MAC * macs.size());
            }
            send(state, diff.get(), encodings);
        }
    }

    /**
     * The diff that reprograms the pass's MACs on one switch, to be sent; none for a switch that is not ready or
     * carries none of their networks. A switch holds or gets entries only for the MACs of networks its VTEP carries
     * (a network leaving a VTEP is an intent change, whose whole-switch reconcile removes them), so each switch is
     * given those MACs alone: a learn costs nothing on the switches of other networks.
     */
    private Optional<SwitchDiff> reprogram(SwitchState state, List<PipelineSpec.MacKey> all,
            Map<Integer, ContextBuilder.NetworkMacs> byNetwork, FlowPipeline.MacPass pass) {
        VtepDesiredState vtep = state.vtep == null ? null : topology.desiredState().vteps().get(state.vtep);
        if (!state.ready() || vtep == null) {
            // It misses these MACs (its VTEP's session or intent is gone for now): its next whole reconcile must run.
            state.reconciledFor = null;
            return Optional.empty();
        }
        List<ContextBuilder.NetworkMacs> carried = new ArrayList<>();
        for (VirtualNetwork network : vtep.networks()) {
            ContextBuilder.NetworkMacs macs = byNetwork.get(network.vni().value());
            if (macs != null) {
                carried.add(macs);
            }
        }
        if (carried.isEmpty()) {
            return Optional.empty();
        }
        List<PipelineSpec.MacKey> macs = all;
        if (carried.size() < byNetwork.size()) {
            macs = new ArrayList<>();
            for (ContextBuilder.NetworkMacs network : carried) {
                macs.addAll(network.keys());
            }
        }
        ContextBuilder.PassRoutes routes = contexts.routes(vtep, state, carried);
        return Optional.of(SwitchDiff.forMacs(state.installed, pass.flows(routes.own(), routes.remote()), macs, of));
    }

    /** Coalesces bursts (a flood of learns, a batch of intent changes) into one pass. */
    private void queueReconcileAll() {
        thread.execute(() -> {
            if (reconcileQueued) {
                return;
            }
            reconcileQueued = true;
            thread.execute(() -> {
                reconcileQueued = false;
                DesiredState desired = topology.desiredState();
                switches.values().forEach(state -> {
                    match(state);
                    reconcile(state, desired);
                });
            });
        });
    }

    /**
     * A switch's VTEP is the one whose OVSDB session reported the same datapath id. Once matched (and read back),
     * the MACs it learned before a manager restart are adopted before anything is reconciled on it. A datapath id
     * that several connected VTEPs report matches none: this connection may be any one of their bridges, and
     * programming it with another's ports would break both (their VTEPs' problems say so).
     */
    private void match(SwitchState state) {
        if (state.installed == null) {
            return;
        }
        VtepId vtep = topology.vtepOfDatapath(state.sw.dpid().getLong()).orElse(null);
        boolean newlyMatched = vtep != null && !vtep.equals(state.vtep);
        state.vtep = vtep;
        if (newlyMatched) {
            Level level = vtep.equals(state.announcedVtep) ? Level.DEBUG : Level.INFO;
            log.atLevel(level).addKeyValue("dpid", state.sw.dpid()).addKeyValue("vtep", vtep).log(MATCHED);
            state.announcedVtep = vtep;
            packetIns.adoptLearned(state, vtepState(state));
            packetIns.forgetGonePorts(state);
        }
    }

    private boolean settled() {
        if (!settled) {
            settled = System.nanoTime() - settleDeadlineNanos >= 0 || everyVtepSeen();
            if (settled) {
                log.atInfo().addKeyValue("switches", switches.size()).log("overlay settled; programming switches");
                queueReconcileAll();
            }
        }
        return settled;
    }

    private boolean everyVtepSeen() {
        for (VtepView view : topology.vteps()) {
            boolean switchRead = view.datapathId().isEmpty() || switches.values().stream().anyMatch(state ->
                    state.installed != null && state.sw.dpid().getLong() == view.datapathId().getAsLong());
            if (view.state() != ConnectionState.CONNECTED || !switchRead) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every packet-in asks (its VTEP's bindings): {@link TopologyService#desiredState} computes the desired state
     * only once per intent and observation, as recomputing the whole mesh per packet was the cost of learning.
     */
    private VtepDesiredState vtepState(SwitchState state) {
        return topology.desiredState().vteps().get(state.vtep);
    }

    private void reconcile(SwitchState state) {
        reconcile(state, topology.desiredState());
    }

    /**
     * {@code desired} is computed once per pass: it is the same for every switch. A switch whose VTEP's desired
     * state and port numbers are those of its last whole reconcile is skipped (see {@link SwitchState#reconciledFor}).
     */
    private void reconcile(SwitchState state, DesiredState desired) {
        if (!state.ready() || !settled()) {
            return;
        }
        VtepDesiredState vtep = desired.vteps().get(state.vtep);
        Map<String, OFPort> ports = state.sw.portNumbers();
        if (vtep == null || (vtep.equals(state.reconciledFor) && ports.equals(state.reconciledPorts))) {
            return;
        }
        SwitchDiff diff = SwitchDiff.between(state.installed, pipeline.desired(contexts.build(vtep, state)), of);
        if (diff.isEmpty()) {
            refusals.clear(state);
        }
        send(state, diff, SharedEncodings.NONE);
        state.reconciledFor = vtep;
        state.reconciledPorts = ports;
    }

    /**
     * Sends a batch, which taking the diff already counted as installed: a switch processes one connection's
     * messages in order, so the next diff can already be taken against it, and batches pipeline instead of waiting
     * for each barrier. A batch the switch rejects makes the model unknown: the switch is read again (once per read)
     * after a pause. A batch cut off by a disconnect is no failure of ours: the session logs the disconnect, and a
     * reconnect is a new session, read back from the start.
     * The outcome is handled where the future completes, which is already this thread (the server's callback
     * executor): a hop of its own would cost a task per batch.
     */
    private void send(SwitchState state, SwitchDiff diff, SharedEncodings encodings) {
        if (diff.isEmpty()) {
            return;
        }
        int generation = state.generation;
        state.sw.send(diff.messages(), encodings).whenComplete((ok, error) -> {
            if (error == null) {
                log.atDebug().addKeyValue("dpid", state.sw.dpid()).addKeyValue("vtep", state.vtep)
                        .addKeyValue("messages", diff.messages().size()).log("switch programmed");
                if (generation == state.generation) {
                    refusals.clear(state);
                }
            } else if (generation == state.generation && state.sw.isConnected()) {
                log.atWarn().addKeyValue("dpid", state.sw.dpid()).addKeyValue("vtep", state.vtep)
                        .addKeyValue("reason", error.getMessage())
                        .log("flow programming failed; re-reading the switch");
                refusals.refused(state, error);
                forget(state);
                CompletableFuture.runAsync(() -> load(state), CompletableFuture.delayedExecutor(RELOAD_DELAY_MILLIS,
                        TimeUnit.MILLISECONDS, thread));
            }
        });
    }

    /** Reads the switch again now; until its flows are back, it takes no MAC pass and no reconcile. */
    private void reload(SwitchState state) {
        forget(state);
        load(state);
    }

    /** The model of the switch is no longer trusted: batches of the old one no longer matter. */
    private static void forget(SwitchState state) {
        state.generation++;
        state.installed = null;
        state.othersFlows = SwitchState.UNKNOWN;
    }
}

package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/**
 * The whole pipeline of one switch as a pure function of its {@link SwitchContext}: each table's manager says
 * which flows it wants (Faucet's valve-manager shape); only the switch session sends anything.
 */
public final class FlowPipeline {

    private final FlowBuilder flows;
    private final ClassifierTable classifier;
    private final SourceTable source;
    private final DestinationTable destination;
    private final FloodGroups flood;

    public FlowPipeline(OFFactory factory) {
        this.flows = new FlowBuilder(factory);
        this.classifier = new ClassifierTable(flows);
        this.source = new SourceTable(flows);
        this.destination = new DestinationTable(flows);
        this.flood = new FloodGroups(flows);
    }

    /** The flows of one MAC pass (a learn, move or aging reprogramming the same MACs on every switch). */
    public MacPass macPass(int agingSeconds) {
        return new MacPass(agingSeconds);
    }

    /**
     * Only the flows that exist because of MAC routes (source entries of local MACs, destination entries): what a
     * learn, move or aging changes, so that it reprograms one MAC rather than the whole switch. A remote MAC's entry
     * is the same flow on every switch that reaches its VTEP through the same port number, and a pass covers every
     * switch of the network, so each run of remote MACs is built once per tunnel port number and pass, and every
     * switch that reaches their VTEP through that number is given the same list of flows.
     */
    public final class MacPass {
        private final int agingSeconds;
        /** By the identity of a run's MAC list (one per VTEP and network in a pass), then by tunnel port number. */
        private final Map<List<MacAddress>, Map<OFPort, List<KeyedFlow>>> remote = new IdentityHashMap<>();
        private boolean sharesFlows;

        private MacPass(int agingSeconds) {
            this.agingSeconds = agingSeconds;
        }

        /** {@code routes}: MACs routed one by one (a switch's own); {@code remote}: runs of other VTEPs' MACs. */
        public DesiredSwitch flows(List<SwitchContext.MacRoute> routes, List<SwitchContext.RemoteMacs> remote) {
            // At most two entries a route: a local MAC's source and destination entries.
            DesiredSwitch desired = new DesiredSwitch(2 * routes.size());
            addMacEntries(desired, routes, agingSeconds, destination::remote);
            for (SwitchContext.RemoteMacs run : remote) {
                desired.add(flows(run));
            }
            return desired;
        }

        /** Whether this pass gave one flow object to more than one switch so far. */
        public boolean sharesFlows() {
            return sharesFlows;
        }

        private List<KeyedFlow> flows(SwitchContext.RemoteMacs run) {
            Map<OFPort, List<KeyedFlow>> byTunnel = remote.computeIfAbsent(run.macs(), macs -> new HashMap<>());
            List<KeyedFlow> flows = byTunnel.get(run.tunnel());
            if (flows != null) {
                sharesFlows = true;
                return flows;
            }
            flows = new ArrayList<>(run.macs().size());
            for (MacAddress mac : run.macs()) {
                flows.add(destination.remote(new SwitchContext.RemoteMac(run.vni(), mac, run.tunnel())));
            }
            byTunnel.put(run.tunnel(), flows);
            return flows;
        }
    }

    /**
     * A hold of a source the MAC tables refused at {@code port} (a MAC pinned or damped elsewhere): its frames pass
     * on without a packet-in until the switch drops the hold, {@code seconds} after it was added.
     */
    public OFFlowAdd sourceHold(OFPort port, Vni vni, MacAddress mac, int seconds) {
        return source.heldSource(port, vni, mac, seconds);
    }

    /** A hold of every new source at {@code port} in {@code vni}: the port or the network is at its MAC limit. */
    public OFFlowAdd portHold(OFPort port, Vni vni, int seconds) {
        return source.heldPort(port, vni, seconds);
    }

    /** Deletes the holds of a port the switch no longer has (non-strict: whatever it held, in any network). */
    public OFFlowDelete portHoldsGone(OFPort port) {
        return source.portHoldsGone(port);
    }

    public DesiredSwitch desired(SwitchContext context) {
        DesiredSwitch desired = new DesiredSwitch();
        classifier.flows(context).forEach(desired::add);
        source.flows().forEach(desired::add);
        addMacEntries(desired, context.macs(), context.agingSeconds(), destination::remote);
        destination.flows(context).forEach(desired::add);
        flood.groups(context).forEach(desired::add);
        return desired;
    }

    /** A local MAC's source and destination entries, a remote MAC's destination entry (as {@code remote} gives it). */
    private void addMacEntries(DesiredSwitch desired, List<SwitchContext.MacRoute> routes, int agingSeconds,
            Function<SwitchContext.RemoteMac, KeyedFlow> remote) {
        for (SwitchContext.MacRoute route : routes) {
            if (route instanceof SwitchContext.LocalMac local) {
                desired.add(source.known(local, agingSeconds));
                desired.add(destination.local(local));
            } else {
                desired.add(remote.apply((SwitchContext.RemoteMac) route));
            }
        }
    }
}

package org.vtepmanager.ofcontroller.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFFactory;

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
     * switch of the network, so each distinct one is built and keyed once per pass.
     */
    public final class MacPass {
        private final int agingSeconds;
        private final Map<SwitchContext.RemoteMac, KeyedFlow> remote = new HashMap<>();
        private boolean sharesFlows;

        private MacPass(int agingSeconds) {
            this.agingSeconds = agingSeconds;
        }

        public DesiredSwitch flows(List<SwitchContext.MacRoute> routes) {
            // At most two entries a route: a local MAC's source and destination entries.
            DesiredSwitch desired = new DesiredSwitch(2 * routes.size());
            addMacEntries(desired, routes, agingSeconds, this::remote);
            return desired;
        }

        /** Whether this pass gave one flow object to more than one switch so far. */
        public boolean sharesFlows() {
            return sharesFlows;
        }

        private KeyedFlow remote(SwitchContext.RemoteMac mac) {
            int made = remote.size();
            KeyedFlow flow = remote.computeIfAbsent(mac, destination::remote);
            sharesFlows |= remote.size() == made;
            return flow;
        }
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

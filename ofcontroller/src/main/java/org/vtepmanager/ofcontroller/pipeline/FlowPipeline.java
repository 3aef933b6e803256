package org.vtepmanager.ofcontroller.pipeline;

import java.util.List;
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

    /**
     * Only the flows that exist because of these MAC routes (source entries of local MACs, destination entries):
     * what a learn, move or aging changes, so that it reprograms one MAC rather than the whole switch.
     */
    public DesiredSwitch macFlows(List<SwitchContext.MacRoute> routes, int agingSeconds) {
        DesiredSwitch desired = new DesiredSwitch();
        for (SwitchContext.MacRoute route : routes) {
            if (route instanceof SwitchContext.LocalMac local) {
                desired.add(source.known(local, agingSeconds));
                desired.add(destination.local(local));
            } else {
                desired.add(destination.remote((SwitchContext.RemoteMac) route));
            }
        }
        return desired;
    }

    public DesiredSwitch desired(SwitchContext context) {
        DesiredSwitch desired = new DesiredSwitch();
        classifier.flows(context).forEach(desired::add);
        source.flows(context).forEach(desired::add);
        destination.flows(context).forEach(desired::add);
        flood.groups(context).forEach(desired::add);
        return desired;
    }
}

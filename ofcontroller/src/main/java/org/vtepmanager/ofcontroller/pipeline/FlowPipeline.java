package org.vtepmanager.ofcontroller.pipeline;

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

    public DesiredSwitch desired(SwitchContext context) {
        DesiredSwitch desired = new DesiredSwitch();
        classifier.flows(context).forEach(desired::add);
        source.flows(context).forEach(desired::add);
        destination.flows(context).forEach(desired::add);
        flood.groups(context).forEach(desired::add);
        return desired;
    }
}

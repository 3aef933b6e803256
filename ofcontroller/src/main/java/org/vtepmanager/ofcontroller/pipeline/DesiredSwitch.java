package org.vtepmanager.ofcontroller.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.types.OFGroup;

/** The flows and groups one switch must hold, by identity. */
public final class DesiredSwitch {

    private final Map<FlowKey, OFFlowAdd> flows;
    private final Map<OFGroup, OFGroupAdd> groups = new LinkedHashMap<>();

    DesiredSwitch() {
        flows = new LinkedHashMap<>();
    }

    /** Sized for about {@code expectedFlows}: a MAC pass knows how many it makes, and growing rehashes them all. */
    DesiredSwitch(int expectedFlows) {
        flows = new LinkedHashMap<>((int) (expectedFlows / 0.75f) + 1);
    }

    void add(OFFlowAdd flow) {
        flows.put(keyOf(flow), flow);
    }

    void add(KeyedFlow flow) {
        flows.put(flow.key(), flow.flow());
    }

    private static FlowKey keyOf(OFFlowAdd flow) {
        return new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch());
    }

    void add(OFGroupAdd group) {
        groups.put(group.getGroup(), group);
    }

    public Map<FlowKey, OFFlowAdd> flows() {
        return Collections.unmodifiableMap(flows);
    }

    public Map<OFGroup, OFGroupAdd> groups() {
        return Collections.unmodifiableMap(groups);
    }
}

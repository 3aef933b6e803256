package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.types.OFGroup;

/**
 * The flows and groups one switch must hold, by identity. A MAC pass adds runs of remote entries that other switches
 * share ({@link #add(List)}): they are kept as given, and folded into the map of flows only if someone asks for the
 * map, which a pass of new MACs never does.
 */
public final class DesiredSwitch {

    private final Map<FlowKey, OFFlowAdd> flows;
    private final List<List<KeyedFlow>> runs = new ArrayList<>();
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

    /** Flows this switch shares with others; the list is not copied, and must not change. */
    void add(List<KeyedFlow> run) {
        runs.add(run);
    }

    private static FlowKey keyOf(OFFlowAdd flow) {
        return new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch());
    }

    void add(OFGroupAdd group) {
        groups.put(group.getGroup(), group);
    }

    public Map<FlowKey, OFFlowAdd> flows() {
        for (List<KeyedFlow> run : runs) {
            run.forEach(this::add);
        }
        runs.clear();
        return Collections.unmodifiableMap(flows);
    }

    /** Every flow, in the order added: those added one by one, then the runs. */
    void forEachFlow(BiConsumer<FlowKey, OFFlowAdd> action) {
        flows.forEach(action);
        for (List<KeyedFlow> run : runs) {
            for (KeyedFlow flow : run) {
                action.accept(flow.key(), flow.flow());
            }
        }
    }

    public Map<OFGroup, OFGroupAdd> groups() {
        return Collections.unmodifiableMap(groups);
    }
}

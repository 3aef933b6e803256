package org.vtepmanager.ofcontroller.pipeline;

import org.projectfloodlight.openflow.protocol.OFFlowAdd;

/** A flow with its identity, built from the same fields as its match rather than parsed back from it. */
record KeyedFlow(FlowKey key, OFFlowAdd flow) {
}

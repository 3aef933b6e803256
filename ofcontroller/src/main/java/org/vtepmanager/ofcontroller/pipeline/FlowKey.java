package org.vtepmanager.ofcontroller.pipeline;

import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.TableId;

/** A flow's identity in OpenFlow (what a strict modify or delete addresses): table, priority and match. */
public record FlowKey(TableId table, int priority, Match match) {
}

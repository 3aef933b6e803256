package org.vtepmanager.core.topology;

/** One OpenFlow table of a VTEP's switch as the switch counts it: flows installed, packets matched. */
public record FlowTableSummary(int table, long flows, long packets) {
}

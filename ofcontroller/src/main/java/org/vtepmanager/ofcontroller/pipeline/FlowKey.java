package org.vtepmanager.ofcontroller.pipeline;

import java.util.List;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.TableId;

/**
 * A flow's identity in OpenFlow (what a strict modify or delete addresses): table, priority and match.
 *
 * <p>Not a record because of its hash: every learn looks flows up by key several times, and openflowj hashes a
 * match through an {@code EnumMap} of its fields (an identity hash per field on JDK 17), which was the largest
 * single cost of the learning path. The hash here reads only the values of the fields the pipeline matches on, once
 * per key; equality still compares whole matches, so a field left out only spreads the hash less.
 */
public final class FlowKey {

    private static final List<MatchField<?>> HASHED = List.of(MatchField.IN_PORT, MatchField.VLAN_VID,
            MatchField.TUNNEL_ID, MatchField.METADATA, MatchField.ETH_SRC, MatchField.ETH_DST, MatchField.ETH_TYPE);

    private final TableId table;
    private final int priority;
    private final Match match;
    private final int hash;
    private final PipelineSpec.MacKey mac;

    public FlowKey(TableId table, int priority, Match match) {
        this.table = Objects.requireNonNull(table, "table");
        this.priority = priority;
        this.match = Objects.requireNonNull(match, "match");
        this.hash = hash(table, priority, match);
        this.mac = PipelineSpec.macKeyOf(table, match);
    }

    private static int hash(TableId table, int priority, Match match) {
        int hash = 31 * table.getValue() + priority;
        for (MatchField<?> field : HASHED) {
            hash = 31 * hash + Objects.hashCode(match.get(field));
        }
        return hash;
    }

    public TableId table() {
        return table;
    }

    public int priority() {
        return priority;
    }

    public Match match() {
        return match;
    }

    /** The MAC this flow is the source or destination entry of; null for a flow that is for no one MAC. */
    PipelineSpec.MacKey mac() {
        return mac;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlowKey key && key.hash == hash && key.priority == priority
                && key.table.equals(table) && key.match.equals(match);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "FlowKey[table=" + table + ", priority=" + priority + ", match=" + match + "]";
    }
}

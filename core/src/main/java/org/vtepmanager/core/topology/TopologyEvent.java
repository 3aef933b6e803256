package org.vtepmanager.core.topology;

/**
 * The topology changed. Consumers are level-triggered: they recompute {@link DesiredState} rather than patch on the
 * event's content, so {@code subject} only says what changed, for logs.
 */
public record TopologyEvent(Type type, String subject) {

    public enum Type {
        /** Intent was committed: a network, binding, VTEP or static MAC changed. */
        INTENT_CHANGED,
        /**
         * The southbound reported a VTEP differently than before: its session state, its tunnel IP, or flows its
         * switch refused.
         */
        VTEP_OBSERVED,
        /** A VTEP's switch reports a different number of flows in its tables. */
        FLOWS_REPORTED,
        /** A MAC was seen at a new location and every VTEP was reprogrammed for it. */
        MAC_MOVED,
        /** A VTEP reports a different BFD state for a tunnel of its own (one event per tunnel that changed). */
        TUNNEL_BFD_CHANGED,
        /**
         * A VTEP's switch held other flows or groups of the manager's than were installed (deleted or changed by
         * hand, most likely); it was read back and repaired. Said once per repair, for the operators' feed.
         */
        FLOWS_REPAIRED,
        /**
         * A VTEP's switch held other OVSDB rows of the manager's than its unchanged spec has them (edited by hand,
         * most likely); they are being put back. Said once per repair, for the operators' feed.
         */
        ROWS_REPAIRED
    }
}

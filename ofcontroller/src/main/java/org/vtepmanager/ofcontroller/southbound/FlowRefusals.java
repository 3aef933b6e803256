package org.vtepmanager.ofcontroller.southbound;

import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFGroupModFailedErrorMsg;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ofcontroller.OpenFlowErrorException;

/**
 * Flows a switch refused (OFPT_ERROR), as a problem of its VTEP until the switch takes what the manager sends it:
 * a refused batch makes the switch be read again and retried after a pause, and a refusal that lasts (a flow table
 * full, with a flow_limit and overflow_policy=refuse) would otherwise be a WARN line repeated at every retry and
 * nothing an operator sees on the VTEP. Confined to the southbound's thread.
 */
final class FlowRefusals {

    private final TopologyService topology;

    FlowRefusals(TopologyService topology) {
        this.topology = topology;
    }

    /** The switch answered a batch of {@code state}'s with {@code error}. */
    void refused(SwitchState state, Throwable error) {
        if (state.vtep == null) {
            return;
        }
        state.refusedFor = state.vtep;
        topology.reportFlowRefusal(state.vtep, Optional.of("switch " + state.sw.dpid() + " refused flows of the "
                + "manager's (" + describe(error) + "): it is read again and they are sent again until it takes them"));
    }

    /** The switch took what was sent, holds what it should, or is gone: no refusal of it stands. */
    void clear(SwitchState state) {
        if (state.refusedFor != null) {
            topology.reportFlowRefusal(state.refusedFor, Optional.empty());
            state.refusedFor = null;
        }
    }

    /**
     * The error's type and, for the flow and group tables, its code (TABLE_FULL, ...); else the failure's text. A
     * batch's future fails with the session's exception itself, never wrapped.
     */
    static String describe(Throwable failure) {
        if (!(failure instanceof OpenFlowErrorException refused)) {
            return String.valueOf(failure.getMessage());
        }
        OFErrorMsg error = refused.error();
        if (error instanceof OFFlowModFailedErrorMsg flowMod) {
            return "FLOW_MOD_FAILED " + flowMod.getCode();
        }
        if (error instanceof OFGroupModFailedErrorMsg groupMod) {
            return "GROUP_MOD_FAILED " + groupMod.getCode();
        }
        return String.valueOf(error.getErrType());
    }
}

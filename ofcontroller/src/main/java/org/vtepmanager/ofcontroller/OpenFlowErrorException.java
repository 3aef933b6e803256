package org.vtepmanager.ofcontroller;

import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The switch answered a request with OFPT_ERROR; carries the request too when the session still remembers it, as
 * the caller built it (the xid on the wire, the error's, was the session's).
 */
public final class OpenFlowErrorException extends RuntimeException {

    private final transient DatapathId dpid;
    private final transient OFErrorMsg error;
    private final transient OFMessage request;

    public OpenFlowErrorException(DatapathId dpid, OFErrorMsg error, Optional<OFMessage> request) {
        super("switch " + dpid + " answered " + request.map(r -> r.getType() + " ").orElse("") + "xid="
                + error.getXid() + " with " + error);
        this.dpid = dpid;
        this.error = error;
        this.request = request.orElse(null);
    }

    public DatapathId dpid() {
        return dpid;
    }

    public OFErrorMsg error() {
        return error;
    }

    public Optional<OFMessage> request() {
        return Optional.ofNullable(request);
    }
}

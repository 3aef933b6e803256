package org.vtepmanager.ofcontroller;

import java.net.InetSocketAddress;
import org.projectfloodlight.openflow.types.DatapathId;

/** The connection closed before the switch answered; whatever was in flight may or may not have been applied. */
public final class SwitchDisconnectedException extends RuntimeException {

    public SwitchDisconnectedException(DatapathId dpid, InetSocketAddress remote) {
        super("switch " + dpid + " at " + remote + " disconnected");
    }
}

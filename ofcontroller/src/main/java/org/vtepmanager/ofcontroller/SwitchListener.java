package org.vtepmanager.ofcontroller;

import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/**
 * Switch events, delivered one at a time and in the order they happened on the executor given to
 * {@link OpenFlowServer}. For one DPID, {@code switchDisconnected} of an old connection always precedes
 * {@code switchConnected} of the connection that replaced it, so a listener may key its state by DPID.
 * Callbacks must not block waiting for a switch's future: the next event waits behind them.
 */
public interface SwitchListener {

    /** The switch completed the handshake; its ports are known. */
    default void switchConnected(OpenFlowSwitch sw) {
    }

    /** The connection closed or was replaced by a newer one for the same DPID. */
    default void switchDisconnected(OpenFlowSwitch sw) {
    }

    /** A PORT_STATUS changed {@link OpenFlowSwitch#ports()}; the port list is already updated. */
    default void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
    }

    /**
     * Any asynchronous message the session does not consume itself: PACKET_IN, FLOW_REMOVED, unsolicited
     * experimenter messages openflowj can decode, and so on. Replies to {@link OpenFlowSwitch#send} and
     * {@link OpenFlowSwitch#sendRequest} go to their futures instead.
     */
    default void messageReceived(OpenFlowSwitch sw, OFMessage message) {
    }
}

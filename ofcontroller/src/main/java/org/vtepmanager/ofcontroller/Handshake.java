package org.vtepmanager.ofcontroller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U32;

/**
 * The controller side of the OpenFlow 1.3 handshake as an explicit state machine, free of Netty so that its truth
 * table can be tested directly. Each state names what it waits for:
 *
 * <pre>
 * WAIT_HELLO ──HELLO offering 1.3──> send FEATURES_REQUEST ──> WAIT_FEATURES_REPLY
 *            ──HELLO without 1.3───> send HELLO_FAILED/INCOMPATIBLE ──> FAILED
 * WAIT_FEATURES_REPLY ──FEATURES_REPLY (DPID)──> send SET_CONFIG, PORT_DESC request ──> WAIT_PORT_DESC
 * WAIT_PORT_DESC ──last PORT_DESC part──> send BARRIER ──> WAIT_BARRIER
 * WAIT_BARRIER ──BARRIER_REPLY──> ACTIVE
 * any state ──OFPT_ERROR, or a non-1.3 message after HELLO──> FAILED
 * </pre>
 *
 * The closing BARRIER makes ACTIVE mean that SET_CONFIG was accepted: an error for it would have come first.
 * Other messages during the handshake (a PACKET_IN racing the handshake, say) are ignored, except PORT_STATUS
 * once the port list is known, which keeps that list current.
 */
final class Handshake {

    enum State { WAIT_HELLO, WAIT_FEATURES_REPLY, WAIT_PORT_DESC, WAIT_BARRIER, ACTIVE, FAILED }

    private final OfMessages messages;
    private final Consumer<OFMessage> out;
    private final PortTable ports;
    private final List<OFPortDesc> portParts = new ArrayList<>();
    private State state = State.WAIT_HELLO;
    private DatapathId dpid;
    private String failure;

    /** @param out sends a message to the switch (the session assigns its xid) */
    Handshake(OfMessages messages, Consumer<OFMessage> out, PortTable ports) {
        this.messages = messages;
        this.out = out;
        this.ports = ports;
    }

    /** Our HELLO goes out as soon as the connection opens, without waiting for the switch's. */
    void start() {
        out.accept(messages.hello());
    }

    State receive(OFMessage message) {
        if (state == State.ACTIVE || state == State.FAILED) {
            throw new IllegalStateException("handshake already ended in " + state);
        }
        if (message instanceof OFErrorMsg) {
            return fail("switch answered with an error in " + state);
        }
        if (state != State.WAIT_HELLO && message.getVersion() != OFVersion.OF_13) {
            return fail("message in " + message.getVersion() + " after negotiating OpenFlow 1.3");
        }
        state = switch (state) {
            case WAIT_HELLO -> onHello(message);
            case WAIT_FEATURES_REPLY -> onFeaturesReply(message);
            case WAIT_PORT_DESC -> onPortDesc(message);
            case WAIT_BARRIER -> onBarrierReply(message);
            case ACTIVE, FAILED -> state;
        };
        return state;
    }

    State state() {
        return state;
    }

    DatapathId dpid() {
        return dpid;
    }

    String failure() {
        return failure;
    }

    private State onHello(OFMessage message) {
        if (!(message instanceof OFHello hello)) {
            return failWith("expected HELLO first, got " + message.getType());
        }
        if (!offersOpenFlow13(hello)) {
            String reason = "peer offers " + offered(hello) + ", this controller speaks only OpenFlow 1.3";
            out.accept(messages.helloIncompatible(reason));
            return failWith(reason);
        }
        out.accept(messages.featuresRequest());
        return State.WAIT_FEATURES_REPLY;
    }

    private State onFeaturesReply(OFMessage message) {
        if (!(message instanceof OFFeaturesReply features)) {
            return state;
        }
        dpid = features.getDatapathId();
        out.accept(messages.setConfig());
        out.accept(messages.portDescRequest());
        return State.WAIT_PORT_DESC;
    }

    /** PORT_STATUS before the reply is ignored: the reply is newer than anything the switch sent before it. */
    private State onPortDesc(OFMessage message) {
        if (!(message instanceof OFPortDescStatsReply reply)) {
            return state;
        }
        portParts.addAll(reply.getEntries());
        if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            return state;
        }
        ports.replaceAll(portParts);
        out.accept(messages.barrier());
        return State.WAIT_BARRIER;
    }

    private State onBarrierReply(OFMessage message) {
        if (message instanceof OFPortStatus status) {
            ports.apply(status.getReason(), status.getDesc());
        }
        return message instanceof OFBarrierReply ? State.ACTIVE : state;
    }

    /**
     * With a version bitmap (OF 1.3.1 §7.5.1) the bitmap decides. Without one, the negotiated version is the
     * lower of the two headers', which is 1.3 exactly when the peer's header is 1.3 or newer.
     */
    static boolean offersOpenFlow13(OFHello hello) {
        if (hello.getVersion().compareTo(OFVersion.OF_13) < 0) {
            return false;
        }
        return bitmap(hello).map(words -> !words.isEmpty()
                && (words.get(0).getValue() & 1L << OFVersion.OF_13.getWireVersion()) != 0).orElse(true);
    }

    private static Optional<List<U32>> bitmap(OFHello hello) {
        for (OFHelloElem element : hello.getElements()) {
            if (element instanceof OFHelloElemVersionbitmap versions) {
                return Optional.of(versions.getBitmaps());
            }
        }
        return Optional.empty();
    }

    private static String offered(OFHello hello) {
        if (hello.getVersion().compareTo(OFVersion.OF_13) < 0) {
            return hello.getVersion().toString();
        }
        return bitmap(hello).map(words -> "version bitmap " + words).orElse(hello.getVersion().toString());
    }

    private State fail(String reason) {
        state = failWith(reason);
        return state;
    }

    private State failWith(String reason) {
        failure = reason;
        return State.FAILED;
    }
}

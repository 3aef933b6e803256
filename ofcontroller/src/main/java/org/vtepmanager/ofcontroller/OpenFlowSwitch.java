package org.vtepmanager.ofcontroller;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * One connected OpenFlow 1.3 switch that has completed the handshake. Safe to use from any thread: every write is
 * handed to the switch's session, which alone writes to the connection and assigns transaction ids (the xid of a
 * message passed in is replaced). Futures complete on the server's callback executor, never on a network thread.
 */
public interface OpenFlowSwitch {

    DatapathId dpid();

    InetSocketAddress remoteAddress();

    /** The switch's ports as of its last PORT_STATUS, by OpenFlow port number (including LOCAL). */
    Map<OFPort, OFPortDesc> ports();

    Optional<OFPortDesc> port(OFPort number);

    /**
     * Each port's number by its name: all the pipeline reads of a switch's ports (a link's state or speed changes
     * no flow). Built once per PORT_STATUS, not per caller: every whole reconcile compares it.
     */
    Map<String, OFPort> portNumbers();

    Optional<OFPortDesc> port(String name);

    /** False once the connection is closed, including when a newer connection took over this DPID. */
    boolean isConnected();

    /**
     * Sends the messages in order, then a BARRIER_REQUEST. The future completes when the BARRIER_REPLY arrives, that
     * is when the switch has processed every message of the batch; it fails with {@link OpenFlowErrorException} if
     * the switch answered any of them with OFPT_ERROR, and with {@link SwitchDisconnectedException} if the
     * connection closes first. An empty list is a bare barrier round trip.
     */
    CompletableFuture<Void> send(List<? extends OFMessage> messages);

    /**
     * As {@link #send(List)}; a message object that batches given the same {@code encodings} have in common (one
     * round of programming several switches) is encoded once for all of them.
     */
    CompletableFuture<Void> send(List<? extends OFMessage> messages, SharedEncodings encodings);

    /**
     * Sends a multipart request and collects every reply part (until one arrives without the MORE flag), e.g. a
     * flow-stats or group-desc dump. Fails like {@link #send(List)}.
     */
    <R extends OFStatsReply> CompletableFuture<List<R>> sendRequest(OFStatsRequest<R> request);

    /**
     * As {@link #sendRequest(OFStatsRequest)}, but each reply part goes to {@code eachPart} as it arrives, on the
     * server's callback executor, and is not kept: a dump of a million flows is then never held whole, and whoever
     * reads it does its work a part at a time. A part waiting for that executor counts in the switch's read backlog
     * ({@link OpenFlowConfig#readBacklog()}) as many messages do. The future completes after the last part was
     * handed over.
     */
    <R extends OFStatsReply> CompletableFuture<Void> sendRequest(OFStatsRequest<R> request, Consumer<R> eachPart);

    /** Completes once the connection is closed and the session has left the server's registry. */
    CompletableFuture<Void> whenClosed();
}

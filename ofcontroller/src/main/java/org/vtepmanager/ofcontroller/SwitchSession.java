package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a switch connection and the only one that writes to it, apart from echo (see
 * {@link EchoKeepaliveHandler}). It drives the {@link Handshake}, then routes what the switch sends: replies to
 * the futures of {@link PendingRequests}, PORT_STATUS to the {@link PortTable}, everything else to the listeners.
 * All its state is confined to the channel's event loop; public methods from other threads hop onto it.
 */
final class SwitchSession extends ChannelInboundHandlerAdapter implements OpenFlowSwitch {

    private static final Logger log = LoggerFactory.getLogger(SwitchSession.class);
    private static final long MAX_XID = 0xffff_ffffL;
    /** A learned MAC's flow-mod is about 100 bytes; the buffer grows if a batch needs more. */
    private static final int BYTES_PER_MESSAGE_GUESS = 128;
    /**
     * What one reply part handed over one by one ({@link #sendRequest(OFStatsRequest, Consumer)}) counts in the read
     * backlog: a part of a flow dump holds about 500 flows, each as big as a packet-in once decoded. So a switch
     * whose dump the controller's thread reads slower than it arrives, as when a restarted manager reads every
     * switch at once, stops being read after a few parts, not after all of it.
     */
    static final int PART_WEIGHT = 512;

    private final SwitchRegistry registry;
    private final SwitchEvents events;
    private final Executor completions;
    private final OfMessages messages;
    private final OpenFlowCounters counters;
    private final PortTable ports = new PortTable();
    private final PendingRequests pending;
    private final Handshake handshake;
    private final int readBacklog;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private ReadBacklog backlog;
    private Runnable handledOne;
    private InetSocketAddress remote;
    private long lastXid;

    /** {@code readBacklog}: see {@link OpenFlowConfig#readBacklog()}. */
    SwitchSession(OfMessages messages, SwitchRegistry registry, SwitchEvents events, Executor completions,
            int readBacklog, OpenFlowCounters counters) {
        this.messages = messages;
        this.counters = counters;
        this.registry = registry;
        this.events = events;
        this.completions = completions;
        this.pending = new PendingRequests(completions);
        this.handshake = new Handshake(messages, message -> ctx.writeAndFlush(stamp(message)), ports);
        this.readBacklog = readBacklog;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        remote = (InetSocketAddress) context.channel().remoteAddress();
        backlog = new ReadBacklog(readBacklog, context.channel());
        handledOne = backlog::handled;
        handshake.start();
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        OFMessage message = (OFMessage) msg;
        if (handshake.state() == Handshake.State.FAILED) {
            return; // already closing; whatever the peer still sends changes nothing
        }
        if (message instanceof OFErrorMsg error) {
            errorReceived(error);
        }
        if (handshake.state() == Handshake.State.ACTIVE) {
            activeRead(message);
        } else {
            handshakeRead(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        boolean wasActive = handshake.state() == Handshake.State.ACTIVE;
        if (wasActive && registry.deactivate(this)) {
            SwitchLog.tag(log.atInfo(), channel()).log("Switch disconnected");
        } else if (!wasActive) {
            SwitchLog.tag(log.atDebug(), channel()).addKeyValue("state", handshake.state())
                    .log("Connection closed before the handshake completed");
        }
        pending.failAll(new SwitchDisconnectedException(dpid(), remoteAddress()));
        completions.execute(() -> closed.complete(null));
    }

    /** Decoding errors, handshake timeouts and I/O errors all end here: log who and why, then close. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        SwitchLog.tag(log.atWarn(), context.channel()).addKeyValue("state", handshake.state())
                .addKeyValue("reason", cause.getMessage() != null ? cause.getMessage() : cause.toString())
                .log("Closing switch connection");
        context.close();
    }

    private void handshakeRead(OFMessage message) {
        Handshake.State state = handshake.receive(message);
        if (handshake.dpid() != null) {
            channel().attr(SwitchLog.DPID).set(handshake.dpid());
        }
        if (state == Handshake.State.FAILED) {
            SwitchLog.tag(log.atWarn(), channel()).addKeyValue("reason", handshake.failure())
                    .log("OpenFlow handshake failed; closing the connection");
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (state == Handshake.State.ACTIVE) {
            becomeActive();
        }
    }

    private void becomeActive() {
        if (ctx.pipeline().get(HandshakeTimeoutHandler.class) != null) {
            ctx.pipeline().remove(HandshakeTimeoutHandler.class);
        }
        // A second bridge of the same DPID connects each second or so (see SwitchRegistry): INFO once, not each time.
        boolean repeated = registry.takenOverRecently(handshake.dpid());
        SwitchLog.tag(repeated ? log.atDebug() : log.atInfo(), channel()).addKeyValue("ports", ports.byNumber().size())
                .log("Switch connected");
        registry.activate(this);
    }

    private void activeRead(OFMessage message) {
        if (message.getVersion() != OFVersion.OF_13) {
            exceptionCaught(ctx, new IllegalStateException("message in " + message.getVersion()
                    + " after negotiating OpenFlow 1.3"));
            return;
        }
        boolean consumed = switch (message.getType()) {
            case ERROR -> true;
            case BARRIER_REPLY -> pending.barrierReplied(message.getXid());
            case STATS_REPLY -> pending.statsReplied((OFStatsReply) message);
            case PORT_STATUS -> portChanged((OFPortStatus) message);
            default -> false;
        };
        if (!consumed) {
            backlog.handedOver();
            events.messageReceived(this, message, handledOne);
        }
    }

    private boolean portChanged(OFPortStatus status) {
        SwitchLog.tag(log.atDebug(), channel()).addKeyValue("reason", status.getReason())
                .addKeyValue("port", status.getDesc().getPortNo()).addKeyValue("name", status.getDesc().getName())
                .log("Port changed");
        ports.apply(status.getReason(), status.getDesc());
        events.portChanged(this, status.getReason(), status.getDesc());
        return true;
    }

    private void errorReceived(OFErrorMsg error) {
        Optional<OFMessage> cause = pending.cause(error.getXid());
        SwitchLog.tag(log.atWarn(), channel()).addKeyValue("error", error)
                .addKeyValue("cause", cause.map(Object::toString).orElse("unknown (xid " + error.getXid() + ")"))
                .log("Switch reported an error");
        pending.errorReplied(error.getXid(), new OpenFlowErrorException(dpid(), error, cause));
    }

    /** The caller's xid gives way to the next of this connection, so xids are unique and errors traceable. */
    private Stamped stamp(OFMessage message) {
        long xid = reserveXids(1);
        pending.sent(xid, List.of(message));
        return new Stamped(message, xid);
    }

    /** The first of {@code count} consecutive xids; a range that would pass the largest xid starts again at 1. */
    private long reserveXids(int count) {
        if (lastXid + count > MAX_XID) {
            lastXid = 0;
        }
        long first = lastXid + 1;
        lastXid += count;
        return first;
    }

    @Override
    public CompletableFuture<Void> send(List<? extends OFMessage> batch) {
        return send(batch, SharedEncodings.NONE);
    }

    @Override
    public CompletableFuture<Void> send(List<? extends OFMessage> batch, SharedEncodings encodings) {
        List<OFMessage> copy = List.copyOf(batch);
        CompletableFuture<Void> done = new CompletableFuture<>();
        onEventLoop(done, () -> writeBatch(copy, encodings, done));
        return done;
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<List<R>> sendRequest(OFStatsRequest<R> request) {
        CompletableFuture<List<R>> done = new CompletableFuture<>();
        onEventLoop(done, () -> writeRequest(request,
                xid -> pending.expectReplies(xid, request.getStatsType(), done)));
        return done;
    }

    /**
     * The batch and its barrier take consecutive xids and go out as one buffer: one write through the pipeline and
     * one entry in the outbound buffer, not one of each per flow-mod. A failed write reaches {@link #exceptionCaught}
     * (the void promise fires it), which closes the connection and so fails what is pending.
     */
    private void writeBatch(List<OFMessage> batch, SharedEncodings encodings, CompletableFuture<Void> done) {
        long first = reserveXids(batch.size() + 1);
        long barrierXid = first + batch.size();
        ByteBuf wire = ctx.alloc().ioBuffer((batch.size() + 1) * BYTES_PER_MESSAGE_GUESS);
        try {
            for (int i = 0; i < batch.size(); i++) {
                encodings.write(batch.get(i), first + i, wire);
            }
            OfMessageEncoder.write(messages.barrier(), barrierXid, wire);
        } catch (RuntimeException unencodable) {
            // A message openflowj cannot write is ours to fix; the batch fails, the connection stays.
            wire.release();
            completions.execute(() -> done.completeExceptionally(unencodable));
            return;
        }
        pending.sent(first, batch);
        pending.expectBarrier(first, barrierXid, done);
        counters.sent(batch.size());
        ctx.writeAndFlush(wire, ctx.voidPromise());
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<Void> sendRequest(OFStatsRequest<R> request,
            Consumer<R> eachPart) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Consumer<R> arrived = part -> {
            backlog.handedOver(PART_WEIGHT);
            completions.execute(() -> {
                try {
                    eachPart.accept(part);
                } finally {
                    backlog.handled(PART_WEIGHT);
                }
            });
        };
        onEventLoop(done, () -> writeRequest(request,
                xid -> pending.expectParts(xid, request.getStatsType(), arrived, done)));
        return done;
    }

    /** {@code expect} is told the request's xid before the request goes out. */
    private void writeRequest(OFStatsRequest<?> request, LongConsumer expect) {
        Stamped stamped = stamp(request);
        expect.accept(stamped.xid());
        ctx.writeAndFlush(stamped).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /**
     * Runs a write on the event loop, or fails its future if the connection is gone: after close the pending
     * requests were already failed, so nothing else would ever complete it.
     */
    private void onEventLoop(CompletableFuture<?> done, Runnable write) {
        try {
            channel().eventLoop().execute(() -> {
                if (channel().isActive()) {
                    write.run();
                } else {
                    failDisconnected(done);
                }
            });
        } catch (RejectedExecutionException e) {
            failDisconnected(done);
        }
    }

    private void failDisconnected(CompletableFuture<?> done) {
        SwitchDisconnectedException gone = new SwitchDisconnectedException(dpid(), remoteAddress());
        completions.execute(() -> done.completeExceptionally(gone));
    }

    /** Called by the registry when a newer connection took over this DPID. */
    void close() {
        channel().close();
    }

    private Channel channel() {
        return ctx.channel();
    }

    /** Messages of this switch handed to the listeners and not yet handled by them. */
    int messagesWaiting() {
        return backlog.waiting();
    }

    /** False while reading is paused because too many of its messages wait (see {@link ReadBacklog}). */
    boolean reading() {
        return channel().config().isAutoRead();
    }

    @Override
    public DatapathId dpid() {
        return handshake.dpid();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Map<OFPort, OFPortDesc> ports() {
        return ports.byNumber();
    }

    @Override
    public Map<String, OFPort> portNumbers() {
        return ports.numbersByName();
    }

    @Override
    public Optional<OFPortDesc> port(OFPort number) {
        return Optional.ofNullable(ports.byNumber().get(number));
    }

    @Override
    public Optional<OFPortDesc> port(String name) {
        return ports.byName(name);
    }

    @Override
    public boolean isConnected() {
        return channel().isActive();
    }

    @Override
    public CompletableFuture<Void> whenClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "switch " + dpid() + " at " + remoteAddress();
    }
}

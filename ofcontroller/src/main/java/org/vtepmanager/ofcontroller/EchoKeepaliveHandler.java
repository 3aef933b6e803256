package org.vtepmanager.ofcontroller;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns OpenFlow echo in both directions, below the session, so the handshake and the session never see it.
 * Answers the switch's ECHO_REQUESTs. When the upstream {@code IdleStateHandler} reports inbound silence it sends
 * an ECHO_REQUEST of its own and closes the connection if nothing at all arrives within the timeout: any message
 * proves the peer alive, not only the echo reply, so a busy switch is never mistaken for a dead one.
 *
 * <p>While reading is paused ({@link ReadBacklog}: the controller is behind on this switch's messages), the silence
 * is the controller's own: the switch's replies wait unread in the socket. It then still sends an ECHO_REQUEST at
 * every interval, which keeps the switch's own inactivity probe (it counts what it hears from us) from dropping the
 * connection, but it never declares the switch dead; the probing starts over once reading resumes.
 */
final class EchoKeepaliveHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(EchoKeepaliveHandler.class);

    private final OfMessages messages;
    private final Duration timeout;
    private Future<?> deadline;

    EchoKeepaliveHandler(OfMessages messages, Duration timeout) {
        this.messages = messages;
        this.timeout = timeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        cancelDeadline();
        if (msg instanceof OFEchoRequest request) {
            ctx.writeAndFlush(messages.echoReply(request));
        } else if (!(msg instanceof OFEchoReply)) {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            probe(ctx);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    /** While reading is paused the echo request still goes out, but no deadline is set: see the class comment. */
    private void probe(ChannelHandlerContext ctx) {
        if (deadline != null) {
            return;
        }
        ctx.writeAndFlush(messages.echoRequest());
        if (!readingPaused(ctx)) {
            deadline = ctx.executor().schedule(() -> declareDead(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void declareDead(ChannelHandlerContext ctx) {
        deadline = null;
        if (readingPaused(ctx)) {
            return;
        }
        SwitchLog.tag(log.atWarn(), ctx.channel()).addKeyValue("timeout", timeout)
                .log("Switch did not answer an echo request; closing the connection");
        ctx.close();
    }

    /** Only {@link ReadBacklog} turns auto-read off on our connections. */
    private static boolean readingPaused(ChannelHandlerContext ctx) {
        return !ctx.channel().config().isAutoRead();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}

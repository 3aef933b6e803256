package org.vtepmanager.ofcontroller;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time from accept to ACTIVE, so that a peer which connects and then stalls (or never speaks
 * OpenFlow at all) cannot hold a connection forever. On expiry it raises {@link HandshakeTimeoutException}, which
 * the session logs with the state it was stuck in; the session removes this handler once the switch is ACTIVE.
 * On a TLS listener the deadline covers the TLS handshake too: Netty's {@link SslHandler} passes the channel's
 * activation on at accept, not once the TLS handshake is done.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    private final Duration timeout;
    private Future<?> expiry;

    HandshakeTimeoutHandler(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        expiry = ctx.executor().schedule(() -> ctx.fireExceptionCaught(expired(ctx)), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** A peer stuck in TLS has not seen our HELLO yet, so the session's state alone would mislead. */
    private HandshakeTimeoutException expired(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        boolean inTls = tls != null && !tls.handshakeFuture().isDone();
        return new HandshakeTimeoutException(inTls ? "TLS handshake" : "handshake", timeout);
    }

    private void cancel() {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    static final class HandshakeTimeoutException extends RuntimeException {
        HandshakeTimeoutException(String handshake, Duration timeout) {
            super(handshake + " did not complete within " + timeout);
        }
    }
}

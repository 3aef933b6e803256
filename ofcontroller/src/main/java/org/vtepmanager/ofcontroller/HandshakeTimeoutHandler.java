package org.vtepmanager.ofcontroller;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time from accept to ACTIVE, so that a peer which connects and then stalls (or never speaks
 * OpenFlow at all) cannot hold a connection forever. On expiry it raises {@link HandshakeTimeoutException}, which
 * the session logs with the state it was stuck in; the session removes this handler once the switch is ACTIVE.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    private final Duration timeout;
    private Future<?> expiry;

    HandshakeTimeoutHandler(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        expiry = ctx.executor().schedule(() -> ctx.fireExceptionCaught(new HandshakeTimeoutException(timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
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

    private void cancel() {
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    static final class HandshakeTimeoutException extends RuntimeException {
        HandshakeTimeoutException(Duration timeout) {
            super("handshake did not complete within " + timeout);
        }
    }
}

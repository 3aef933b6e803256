package org.vtepmanager.ovsdb.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of an OVSDB channel: a malformed frame, an oversized message or an I/O error closes only this
 * session, with a log line naming the switch.
 */
final class ChannelErrors extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ChannelErrors.class);

    private final String peer;

    ChannelErrors(String peer) {
        this.peer = peer;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.atWarn().addKeyValue("switch", peer).addKeyValue("reason", String.valueOf(cause.getMessage()))
                .log("OVSDB session error, closing");
        ctx.close();
    }
}

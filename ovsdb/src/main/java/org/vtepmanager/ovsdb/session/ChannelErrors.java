package org.vtepmanager.ovsdb.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of an OVSDB channel: a malformed frame, an oversized message, an I/O error or a failed TLS handshake
 * closes only this session, with a log line naming the switch. A connection the switch reset is the switch closing
 * the session, as a close is.
 */
final class ChannelErrors extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ChannelErrors.class);
    /** Long enough for any message of Netty's or the JDK's; one quoting a peer's bytes is cut here. */
    private static final int MAX_REASON_CHARS = 300;

    private final String peer;

    ChannelErrors(String peer) {
        this.peer = peer;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause.getCause() instanceof SSLHandshakeException) {
            // OvsdbTransport reports it, as the dial's failure or an accepted switch refused, with what to check.
            ctx.close();
            return;
        }
        if (resetByPeer(cause)) {
            // A switch that dies or closes with bytes of ours unread resets the connection instead of closing it:
            // it ended the session all the same, and CloseReason says so (with its hint where one applies).
            ctx.close();
            return;
        }
        String reason = reason(cause);
        log.atWarn().addKeyValue("switch", peer).addKeyValue("reason", reason).log("OVSDB session error, closing");
        CloseReason.close(ctx.channel(), reason);
    }

    /** The JDK's "Connection reset", or the native transport's "Connection reset by peer". */
    private static boolean resetByPeer(Throwable cause) {
        return cause instanceof IOException && String.valueOf(cause.getMessage()).contains("Connection reset");
    }

    /** Netty's JSON framer appends the whole buffer it holds, in hex, to "invalid JSON received at ...". */
    private static String reason(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        int bytes = message.indexOf(": ");
        String reason = cause instanceof CorruptedFrameException && bytes > 0 ? message.substring(0, bytes) : message;
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + " …";
    }
}

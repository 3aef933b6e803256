package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects a half-open session the way Open vSwitch's own inactivity probe does: after one idle interval with
 * nothing received it sends an {@code echo}; if the next interval passes without a byte from the peer, the
 * channel is closed so that the connection owner can re-establish it. Sits after an {@code IdleStateHandler}.
 * Replies to its own probes are consumed here and never reach the JSON-RPC layer.
 */
final class InactivityProbe extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InactivityProbe.class);
    static final String PROBE_ID_PREFIX = "vtep-manager-probe-";

    private final String peer;
    private final Duration interval;
    private long probes;
    private boolean awaitingReply;

    InactivityProbe(String peer, Duration interval) {
        this.peer = peer;
        this.interval = interval;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaitingReply = false;
        if (isProbeReply((JsonNode) msg)) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (awaitingReply) {
            // DEBUG: the reason reaches the VTEP's problem and the disconnect line, and a switch that stays frozen
            // fails every reconnect the same way, which ActiveConnection logs once.
            log.atDebug().addKeyValue("switch", peer).log("no reply to inactivity probe, closing OVSDB session");
            CloseReason.close(ctx.channel(), "no reply to an inactivity probe within " + interval.toMillis() + " ms");
            return;
        }
        awaitingReply = true;
        String id = PROBE_ID_PREFIX + probes++;
        ctx.writeAndFlush("{\"id\":\"" + id + "\",\"method\":\"echo\",\"params\":[]}");
    }

    private static boolean isProbeReply(JsonNode message) {
        JsonNode id = message.get("id");
        return id != null && id.isTextual() && id.asText().startsWith(PROBE_ID_PREFIX) && message.has("result");
    }
}

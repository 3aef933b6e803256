package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code perSecond} packet-ins a second from one switch go on (a token bucket holding one second's worth);
 * the rest are dropped here, as frames, before they are decoded. The switch forwarded their packets anyway (the
 * pipeline sends a copy to the controller and continues), so a dropped packet-in only delays a learn.
 *
 * <p>Why here and not where packet-ins are handled: every switch's messages reach the controller through one queue
 * to its one thread. Dropped there, a flood from one switch still cost a decode on the IO thread and a place in
 * that queue ahead of every other switch's learns; dropped here, it costs the IO thread a header read per frame.
 */
final class PacketInLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(PacketInLimiter.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** OFPT_PACKET_IN, the same in every OpenFlow version from 1.0 to 1.5. */
    private static final int PACKET_IN = 10;
    private static final int TYPE_OFFSET = 1;

    private final long perSecond;
    private final LongSupplier nanoClock;
    private final OpenFlowCounters counters;
    private double tokens;
    private long last;
    private long dropped;
    private long lastReport;

    PacketInLimiter(long perSecond, LongSupplier nanoClock, OpenFlowCounters counters) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.counters = counters;
        this.tokens = perSecond;
        this.last = nanoClock.getAsLong();
        // The first drop is reported at once, later ones at most once a second.
        this.lastReport = last - NANOS_PER_SECOND;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame && isPacketIn(frame) && !admit(ctx)) {
            frame.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isPacketIn(ByteBuf frame) {
        return frame.getUnsignedByte(frame.readerIndex() + TYPE_OFFSET) == PACKET_IN;
    }

    private boolean admit(ChannelHandlerContext ctx) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) * (double) perSecond / NANOS_PER_SECOND);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            counters.packetInAdmitted();
            return true;
        }
        counters.packetInDropped();
        dropped++;
        if (now - lastReport >= NANOS_PER_SECOND) {
            SwitchLog.tag(log.atWarn(), ctx.channel()).addKeyValue("dropped", dropped)
                    .addKeyValue("perSecond", perSecond).log("packet-in rate limit reached; packet-ins dropped");
            lastReport = now;
            dropped = 0;
        }
        return false;
    }
}

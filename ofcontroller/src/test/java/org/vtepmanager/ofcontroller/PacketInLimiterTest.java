package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketInLimiterTest {

    private static final int PACKET_IN = 10;
    private static final int ECHO_REQUEST = 2;
    private static final long MILLIS = 1_000_000L;

    private long now = 5_000 * MILLIS;
    private final LogCapture logs = new LogCapture();
    private final OpenFlowCounters counters = new OpenFlowCounters();

    @AfterEach
    void close() {
        logs.close();
    }

    private EmbeddedChannel limitedTo(long perSecond) {
        return new EmbeddedChannel(new PacketInLimiter(perSecond, () -> now, counters));
    }

    /** An OpenFlow 1.3 header alone, of the given type, with the xid telling frames apart. */
    private static ByteBuf frame(int type, int xid) {
        return Unpooled.buffer(8).writeByte(4).writeByte(type).writeShort(8).writeInt(xid);
    }

    /** The xids of the frames that went on, in order. */
    private static List<Integer> passed(EmbeddedChannel channel) {
        List<Integer> xids = new ArrayList<>();
        for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            xids.add(frame.getInt(4));
            frame.release();
        }
        return xids;
    }

    @Test
    void packetInsBeyondTheRateAreDroppedAndReleasedWhileOtherMessagesAlwaysGoOn() {
        EmbeddedChannel channel = limitedTo(3);
        List<ByteBuf> packetIns = new ArrayList<>();
        for (int xid = 1; xid <= 5; xid++) {
            ByteBuf packetIn = frame(PACKET_IN, xid);
            packetIns.add(packetIn);
            channel.writeInbound(packetIn);
            channel.writeInbound(frame(ECHO_REQUEST, 100 + xid));
        }

        assertThat(passed(channel)).containsExactly(1, 101, 2, 102, 3, 103, 104, 105);
        assertThat(packetIns.subList(3, 5)).as("dropped frames").allMatch(dropped -> dropped.refCnt() == 0);
        assertThat(counters.packetIns()).as("counted through").isEqualTo(3);
        assertThat(counters.packetInsDropped()).as("counted dropped").isEqualTo(2);
    }

    @Test
    void theAllowanceRefillsWithTimeButNeverBeyondOneSecondsWorth() {
        EmbeddedChannel channel = limitedTo(5);
        for (int xid = 1; xid <= 6; xid++) {
            channel.writeInbound(frame(PACKET_IN, xid));
        }
        assertThat(passed(channel)).containsExactly(1, 2, 3, 4, 5);

        now += 200 * MILLIS;
        channel.writeInbound(frame(PACKET_IN, 7), frame(PACKET_IN, 8));
        assertThat(passed(channel)).as("a fifth of a second later").containsExactly(7);

        now += 10_000 * MILLIS;
        for (int xid = 9; xid <= 16; xid++) {
            channel.writeInbound(frame(PACKET_IN, xid));
        }
        assertThat(passed(channel)).as("ten seconds of silence later").containsExactly(9, 10, 11, 12, 13);
    }

    @Test
    void theFirstDropIsReportedAtOnceAndLaterOnesAtMostOnceASecondWithTheirCount() {
        EmbeddedChannel channel = limitedTo(1);
        channel.writeInbound(frame(PACKET_IN, 1), frame(PACKET_IN, 2), frame(PACKET_IN, 3), frame(PACKET_IN, 4));
        now += 1_000 * MILLIS;
        channel.writeInbound(frame(PACKET_IN, 5), frame(PACKET_IN, 6));
        now += 10 * MILLIS;
        channel.writeInbound(frame(PACKET_IN, 7));

        assertThat(passed(channel)).containsExactly(1, 5);
        List<ILoggingEvent> reports = logs.withMessage("packet-in rate limit reached; packet-ins dropped");
        assertThat(reports).extracting(report -> LogCapture.keyValues(report).get("dropped"))
                .as("dropped since the report before").containsExactly("1", "3");
        assertThat(LogCapture.keyValues(reports.get(0))).containsEntry("perSecond", "1")
                .containsEntry("dpid", "unknown");
    }
}

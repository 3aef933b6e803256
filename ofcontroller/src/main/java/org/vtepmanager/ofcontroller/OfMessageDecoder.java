package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framed message to an openflowj object. The generic reader accepts every version so that the session can
 * answer a HELLO from an older peer with a proper error instead of a dropped connection.
 *
 * <p>Two kinds of undecodable frames are treated differently. An experimenter message openflowj does not know
 * (Open vSwitch sends Nicira/ONF extensions) is a legal message we simply do not speak: it is skipped, the frame
 * boundary being already known, and logged once per experimenter and subtype. Any other frame that fails to decode
 * is a broken peer, and the connection is closed.
 */
final class OfMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(OfMessageDecoder.class);
    private static final int OFPT_EXPERIMENTER = 4;
    private static final int EXPERIMENTER_HEADER_LENGTH = 16;

    private final OFMessageReader<OFMessage> reader = OFFactories.getGenericReader();
    /** Experimenter id in the high half, subtype in the low half; per connection, so it stays small. */
    private final Set<Long> reportedExperimenters = new HashSet<>();

    OfMessageDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int start = frame.readerIndex();
        try {
            OFMessage message = reader.readFrom(frame);
            if (message == null) {
                throw new CorruptedFrameException("OpenFlow message shorter than its own fields: " + describe(frame,
                        start));
            }
            out.add(message);
        } catch (OFParseError | RuntimeException e) {
            if (!isExperimenter(frame, start)) {
                throw new CorruptedFrameException("undecodable OpenFlow message: " + describe(frame, start), e);
            }
            skipExperimenter(ctx, frame, start, e);
        }
    }

    private static boolean isExperimenter(ByteBuf frame, int start) {
        return frame.getUnsignedByte(start + 1) == OFPT_EXPERIMENTER
                && frame.writerIndex() - start >= EXPERIMENTER_HEADER_LENGTH;
    }

    private void skipExperimenter(ChannelHandlerContext ctx, ByteBuf frame, int start, Exception cause) {
        long experimenter = frame.getUnsignedInt(start + 8);
        long subtype = frame.getUnsignedInt(start + 12);
        frame.readerIndex(frame.writerIndex());
        boolean first = reportedExperimenters.add(experimenter << 32 | subtype);
        SwitchLog.tag(first ? log.atInfo() : log.atDebug(), ctx.channel())
                .addKeyValue("experimenter", String.format("0x%08x", experimenter))
                .addKeyValue("subtype", subtype)
                .addKeyValue("reason", cause.getMessage())
                .log(first ? "Skipping experimenter message openflowj cannot decode; further ones of this kind "
                        + "are skipped silently" : "Skipping experimenter message openflowj cannot decode");
    }

    private static String describe(ByteBuf frame, int start) {
        return String.format("version 0x%02x, type %d, length %d", frame.getUnsignedByte(start),
                frame.getUnsignedByte(start + 1), frame.getUnsignedShort(start + 2));
    }
}

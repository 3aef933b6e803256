package org.vtepmanager.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;

/** The load generator's side of the OpenFlow wire: frames cut by the header's length, decoded by openflowj. */
final class OfWire {

    private OfWire() {
    }

    static void install(ChannelPipeline pipeline) {
        pipeline.addLast("decoder", new Decoder()).addLast("encoder", new Encoder());
    }

    /** Header: version(1) type(1) length(2, whole message) xid(4); the length field counts the header too. */
    private static final class Decoder extends LengthFieldBasedFrameDecoder {
        private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

        Decoder() {
            super(1 << 16, 2, 2, -4, 0);
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            try {
                return READER.readFrom(frame);
            } catch (OFParseError e) {
                throw new IllegalStateException("controller sent a message openflowj cannot parse: " + e, e);
            } finally {
                frame.release();
            }
        }
    }

    private static final class Encoder extends MessageToByteEncoder<OFMessage> {
        @Override
        protected void encode(ChannelHandlerContext ctx, OFMessage message, ByteBuf out) {
            message.writeTo(out);
        }
    }
}

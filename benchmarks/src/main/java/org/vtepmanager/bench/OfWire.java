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
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * The load generator's side of the OpenFlow wire: frames cut by the header's length, decoded by openflowj, except
 * flow-mods: of those the generator needs only the command and whether the match carries eth_src, and decoding
 * every one with openflowj (match, instructions, actions) made the generator the slower side against
 * ovs-testcontroller. So a flow-mod is read here, by the OpenFlow 1.3 layout, into a {@link FlowModSeen}; a
 * packet-out, which the switch only counts, becomes {@link OFType#PACKET_OUT}.
 */
final class OfWire {

    /** A flow-mod as the generator sees it: its command, and the eth_src its match carries or {@link #NO_ETH_SRC}. */
    record FlowModSeen(int command, long ethSrc) {
        static final long NO_ETH_SRC = -1;
        static final int ADD = 0;
        static final int DELETE = 3;
        static final int DELETE_STRICT = 4;
    }

    private static final int OFPT_PACKET_OUT = 13;
    private static final int OFPT_FLOW_MOD = 14;
    /** ofp_flow_mod: 8 header, 8 cookie, 8 cookie_mask, 1 table, 1 command, 2+2 timeouts, 2 priority, 4 buffer,
     * 4 out_port, 4 out_group, 2 flags, 2 pad; then ofp_match (type, length, OXM TLVs). */
    private static final int COMMAND_OFFSET = 25;
    private static final int MATCH_OFFSET = 48;
    private static final int OXM_CLASS_OPENFLOW_BASIC = 0x8000;
    private static final int OXM_FIELD_ETH_SRC = 4;

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
                int type = frame.getUnsignedByte(frame.readerIndex() + 1);
                if (type == OFPT_FLOW_MOD) {
                    return new FlowModSeen(frame.getUnsignedByte(frame.readerIndex() + COMMAND_OFFSET),
                            ethSrc(frame));
                }
                if (type == OFPT_PACKET_OUT) {
                    return OFType.PACKET_OUT;
                }
                return READER.readFrom(frame);
            } catch (OFParseError e) {
                throw new IllegalStateException("controller sent a message openflowj cannot parse: " + e, e);
            } finally {
                frame.release();
            }
        }
    }

    private static long ethSrc(ByteBuf flowMod) {
        int match = flowMod.readerIndex() + MATCH_OFFSET;
        int end = match + flowMod.getUnsignedShort(match + 2);
        for (int oxm = match + 4; oxm + 4 <= end; oxm += 4 + (flowMod.getInt(oxm) & 0xff)) {
            int header = flowMod.getInt(oxm);
            if (header >>> 16 == OXM_CLASS_OPENFLOW_BASIC && ((header >>> 9) & 0x7f) == OXM_FIELD_ETH_SRC) {
                return ((long) flowMod.getUnsignedShort(oxm + 4) << 32) | flowMod.getUnsignedInt(oxm + 6);
            }
        }
        return FlowModSeen.NO_ETH_SRC;
    }

    private static final class Encoder extends MessageToByteEncoder<OFMessage> {
        @Override
        protected void encode(ChannelHandlerContext ctx, OFMessage message, ByteBuf out) {
            message.writeTo(out);
        }
    }
}

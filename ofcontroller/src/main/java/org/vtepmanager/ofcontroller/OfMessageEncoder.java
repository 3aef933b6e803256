package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * openflowj messages to wire bytes, a {@link Stamped} one with its session's xid in place of its own; stateless, so
 * one instance serves every connection.
 */
@Sharable
final class OfMessageEncoder extends MessageToByteEncoder<Object> {

    /** The header is version (1 byte), type (1), length (2), then the xid (4). */
    private static final int XID_OFFSET = 4;

    @Override
    public boolean acceptOutboundMessage(Object message) {
        return message instanceof OFMessage || message instanceof Stamped;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object message, ByteBuf out) {
        write(message, out);
    }

    /** A message (or a {@link Stamped} one) as it goes on the wire. */
    static void write(Object message, ByteBuf out) {
        if (message instanceof Stamped stamped) {
            write(stamped.message(), stamped.xid(), out);
        } else {
            ((OFMessage) message).writeTo(out);
        }
    }

    /** {@code message} as it goes on the wire, with {@code xid} in its header. */
    static void write(OFMessage message, long xid, ByteBuf out) {
        int start = out.writerIndex();
        message.writeTo(out);
        writeXid(out, start, xid);
    }

    /** Writes {@code xid} into the header of the message that starts at {@code start} in {@code out}. */
    static void writeXid(ByteBuf out, int start, long xid) {
        out.setInt(start + XID_OFFSET, (int) xid);
    }
}

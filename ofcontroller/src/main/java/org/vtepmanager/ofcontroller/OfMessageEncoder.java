package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** openflowj messages to wire bytes; stateless, so one instance serves every connection. */
@Sharable
final class OfMessageEncoder extends MessageToByteEncoder<OFMessage> {

    @Override
    protected void encode(ChannelHandlerContext ctx, OFMessage message, ByteBuf out) {
        message.writeTo(out);
    }
}

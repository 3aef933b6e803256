package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** {@code ByteBuf} holding one JSON object (framed by Netty's JsonObjectDecoder) → Jackson {@code JsonNode}. */
final class JsonNodeDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
        try (ByteBufInputStream in = new ByteBufInputStream(frame)) {
            out.add(MAPPER.readTree((java.io.InputStream) in));
        }
    }
}

package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Cuts the byte stream into whole OpenFlow messages by the header's length field. A header that cannot be OpenFlow
 * (unknown version byte, length below the header size or above the limit) is fatal for the connection: there is
 * no way to find the next message boundary, so everything after it is discarded and the error is raised once.
 */
final class OfFrameDecoder extends ByteToMessageDecoder {

    static final int HEADER_LENGTH = 8;
    private static final int LENGTH_END = 4;
    /** Wire versions openflowj knows (1.0 to 1.5); anything else is not an OpenFlow peer. */
    private static final int MIN_VERSION = 0x01;
    private static final int MAX_VERSION = 0x06;
    private static final int TLS_HANDSHAKE = 22;
    private static final int TLS_ALERT = 21;

    private final int maxMessageSize;
    private boolean corrupted;

    OfFrameDecoder(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (corrupted) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_END) {
            return;
        }
        int version = in.getUnsignedByte(in.readerIndex());
        int length = in.getUnsignedShort(in.readerIndex() + 2);
        if (!isOpenFlowVersion(version)) {
            throw corrupted(in, String.format("not an OpenFlow header: version byte 0x%02x%s", version, guess(in)));
        }
        if (length < HEADER_LENGTH || length > maxMessageSize) {
            throw corrupted(in, "OpenFlow header length " + length + " outside [" + HEADER_LENGTH + ", "
                    + maxMessageSize + "]");
        }
        if (in.readableBytes() >= length) {
            out.add(in.readRetainedSlice(length));
        }
    }

    static boolean isOpenFlowVersion(int versionByte) {
        return versionByte >= MIN_VERSION && versionByte <= MAX_VERSION;
    }

    /** Bytes left when the peer closes are a message it never finished: worth a log line, not silence. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (!corrupted && in.isReadable()) {
            throw corrupted(in, "connection closed inside a message, " + in.readableBytes() + " bytes unread");
        }
    }

    /** What a misconfigured peer usually speaks here instead: the header's first two bytes tell. */
    private static String guess(ByteBuf in) {
        int first = in.getUnsignedByte(in.readerIndex());
        if ((first == TLS_HANDSHAKE || first == TLS_ALERT) && in.getUnsignedByte(in.readerIndex() + 1) == 3) {
            return " (a TLS record: the switch's controller is ssl:, and this listener speaks plain TCP; for TLS,"
                    + " give the manager --tls-private-key, --tls-certificate and --tls-ca-cert)";
        }
        if (first == '{') {
            return " (JSON, as OVSDB speaks: an OVSDB manager or client set to the OpenFlow port?)";
        }
        return "";
    }

    private CorruptedFrameException corrupted(ByteBuf in, String reason) {
        corrupted = true;
        in.skipBytes(in.readableBytes());
        return new CorruptedFrameException(reason);
    }
}

package org.vtepmanager.ovsdb.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;

/**
 * First handler of an OVSDB channel. Every OVSDB message is a JSON object, so the first byte a peer sends, after
 * whitespace, is <code>{</code>. Anything else is another protocol: the usual causes are an {@code ssl:} remote
 * meeting a {@code tcp:} or {@code ptcp:} session of ours, or a target with the wrong port (OpenFlow's, say). The
 * channel is then closed with a reason naming what the peer spoke, instead of the JSON framer's hex dump of its
 * bytes. Removes itself once the first byte is right.
 */
final class FirstBytesCheck extends ChannelInboundHandlerAdapter {

    private static final int PREVIEW_BYTES = 40;
    private static final int TLS_HANDSHAKE = 22;
    private static final int TLS_ALERT = 21;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        CloseReason.heard(ctx.channel());
        int first = bytes.forEachByte(b -> b == ' ' || b == '\t' || b == '\r' || b == '\n');
        if (first < 0) {
            ctx.fireChannelRead(msg);
            return;
        }
        Optional<String> foreign = foreignProtocol(bytes.slice(first, bytes.writerIndex() - first));
        if (foreign.isPresent()) {
            bytes.release();
            CloseReason.close(ctx.channel(), foreign.get());
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    /** Empty when {@code bytes} (from the first one that is not whitespace) can open an OVSDB message. */
    static Optional<String> foreignProtocol(ByteBuf bytes) {
        if (bytes.getByte(bytes.readerIndex()) == '{') {
            return Optional.empty();
        }
        if (isTls(bytes)) {
            return Optional.of("it speaks TLS on a plain TCP session: use ssl: or pssl: on both ends (the manager "
                    + "needs --tls-private-key, --tls-certificate and --tls-ca-cert), or tcp: or ptcp: on both");
        }
        if (isOpenFlowHello(bytes)) {
            return Optional.of(String.format("it speaks OpenFlow (a HELLO of wire version %d): that is an "
                    + "OpenFlow port, not an OVSDB one", bytes.getUnsignedByte(bytes.readerIndex())));
        }
        String preview = preview(bytes);
        String http = preview.startsWith("HTTP/") || preview.matches("(GET|POST|PUT|HEAD|OPTIONS) .*")
                ? " (HTTP)" : "";
        return Optional.of("it sent '" + preview + "'" + http + ", not OVSDB's JSON-RPC");
    }

    /** A TLS record: a handshake or an alert, then major version 3 (SSL 3.0 to TLS 1.3). */
    private static boolean isTls(ByteBuf bytes) {
        int type = bytes.getUnsignedByte(bytes.readerIndex());
        return (type == TLS_HANDSHAKE || type == TLS_ALERT) && bytes.readableBytes() > 1
                && bytes.getUnsignedByte(bytes.readerIndex() + 1) == 3;
    }

    /** What either end of an OpenFlow connection sends first: version 1.0 to 1.5, type HELLO (0). */
    private static boolean isOpenFlowHello(ByteBuf bytes) {
        int version = bytes.getUnsignedByte(bytes.readerIndex());
        return version >= 1 && version <= 6 && bytes.readableBytes() >= 8
                && bytes.getUnsignedByte(bytes.readerIndex() + 1) == 0;
    }

    /** The first line, at most {@value #PREVIEW_BYTES} bytes, other than printable ASCII as {@code \xNN}. */
    private static String preview(ByteBuf bytes) {
        StringBuilder text = new StringBuilder();
        int end = bytes.readerIndex() + Math.min(bytes.readableBytes(), PREVIEW_BYTES);
        for (int i = bytes.readerIndex(); i < end; i++) {
            int b = bytes.getUnsignedByte(i);
            if (b == '\r' || b == '\n') {
                break;
            }
            text.append(b >= 0x20 && b < 0x7f ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}

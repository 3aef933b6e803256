package org.vtepmanager.ovsdb.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every OVSDB channel, dialled or accepted: {@code [tls] → first-bytes → frames → json → text
 * (out) → idle → probe → [json-rpc, added by OvsdbSession] → errors}, where tls is Netty's SslHandler on
 * {@code ssl:} and {@code pssl:} sessions, json-rpc a {@link JsonRpcDispatch} and first-bytes a
 * {@link FirstBytesCheck} (which then checks what TLS carries).
 */
final class OvsdbChannelInitializer extends ChannelInitializer<Channel> {

    static final String ERRORS = "errors";
    static final String TLS = "tls";
    /** A full hardware_vtep database with 100k MACs is tens of MB in one monitor reply. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private final String peer;
    private final Duration probeInterval;
    private final Optional<SslContext> tls;

    OvsdbChannelInitializer(String peer, Duration probeInterval, Optional<SslContext> tls) {
        this.peer = peer;
        this.probeInterval = probeInterval;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        String name = peer != null ? peer : "tcp:" + channel.remoteAddress();
        tls.ifPresent(context -> {
            channel.pipeline().addLast(TLS, context.newHandler(channel.alloc()));
            CloseReason.inTls(channel);
        });
        channel.pipeline()
                .addLast("first-bytes", new FirstBytesCheck())
                .addLast("frames", new JsonObjectDecoder(MAX_MESSAGE_BYTES))
                .addLast("json", new JsonNodeDecoder())
                .addLast("text", new StringEncoder(StandardCharsets.UTF_8))
                .addLast("idle", new IdleStateHandler(probeInterval.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("probe", new InactivityProbe(name, probeInterval))
                .addLast(ERRORS, new ChannelErrors(name));
    }
}

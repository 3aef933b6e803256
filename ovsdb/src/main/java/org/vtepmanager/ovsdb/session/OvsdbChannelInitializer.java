package org.vtepmanager.ovsdb.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every OVSDB channel, dialled or accepted:
 * {@code first-bytes → frames → json → text (out) → idle → probe → [json-rpc, added by OvsdbSession] → errors},
 * where json-rpc is a {@link JsonRpcDispatch} and first-bytes a {@link FirstBytesCheck}.
 */
final class OvsdbChannelInitializer extends ChannelInitializer<Channel> {

    static final String ERRORS = "errors";
    /** A full hardware_vtep database with 100k MACs is tens of MB in one monitor reply. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private final String peer;
    private final Duration probeInterval;

    OvsdbChannelInitializer(String peer, Duration probeInterval) {
        this.peer = peer;
        this.probeInterval = probeInterval;
    }

    @Override
    protected void initChannel(Channel channel) {
        String name = peer != null ? peer : "tcp:" + channel.remoteAddress();
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

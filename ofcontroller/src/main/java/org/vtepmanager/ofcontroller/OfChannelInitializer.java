package org.vtepmanager.ofcontroller;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one switch connection, one small handler per concern (inbound top to bottom): TLS when
 * configured, framing, the packet-in limit, decoding, idle detection, echo, handshake deadline, session. The
 * encoder sits below the keepalive and the session so that both write openflowj objects.
 */
final class OfChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final OfMessageEncoder ENCODER = new OfMessageEncoder();
    private static final TlsFailureHandler TLS_FAILURES = new TlsFailureHandler();

    private final OpenFlowConfig config;
    private final OfMessages messages;
    private final SwitchRegistry registry;
    private final SwitchEvents events;
    private final Executor completions;
    private final ChannelGroup connections;
    private final OpenFlowCounters counters;

    OfChannelInitializer(OpenFlowConfig config, OfMessages messages, SwitchRegistry registry, SwitchEvents events,
                         Executor completions, ChannelGroup connections, OpenFlowCounters counters) {
        this.config = config;
        this.messages = messages;
        this.registry = registry;
        this.events = events;
        this.completions = completions;
        this.connections = connections;
        this.counters = counters;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        config.tls().ifPresent(context -> addTls(pipeline, context.get(), channel));
        pipeline.addLast("frameDecoder", new OfFrameDecoder(config.maxMessageSize()));
        pipeline.addLast("packetInLimit", new PacketInLimiter(config.packetInLimit(), System::nanoTime,
                counters));
        pipeline.addLast("messageDecoder", new OfMessageDecoder());
        pipeline.addLast("messageEncoder", ENCODER);
        pipeline.addLast("idle", new IdleStateHandler(config.echoInterval().toMillis(), 0, 0,
                TimeUnit.MILLISECONDS));
        pipeline.addLast("keepalive", new EchoKeepaliveHandler(messages, config.echoTimeout()));
        pipeline.addLast("handshakeTimeout", new HandshakeTimeoutHandler(config.handshakeTimeout()));
        pipeline.addLast("session", new SwitchSession(messages, registry, events, completions,
                config.readBacklog(), counters));
    }

    /**
     * First, so that every handler after it reads and writes plaintext. The handler's own handshake deadline is off:
     * {@link HandshakeTimeoutHandler} covers accept to ACTIVE, TLS included, and its expiry is logged as a reason,
     * where the handler's would close the connection without one.
     */
    private static void addTls(ChannelPipeline pipeline, SslContext context, SocketChannel channel) {
        SslHandler tls = context.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(0);
        pipeline.addLast("tls", tls);
        pipeline.addLast("tlsFailure", TLS_FAILURES);
    }
}

package org.vtepmanager.ofcontroller;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one switch connection, one small handler per concern (inbound top to bottom): framing, the
 * packet-in limit, decoding, idle detection, echo, handshake deadline, session. The encoder sits below the
 * keepalive and the session so that both write openflowj objects.
 */
final class OfChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final OfMessageEncoder ENCODER = new OfMessageEncoder();

    private final OpenFlowConfig config;
    private final OfMessages messages;
    private final SwitchRegistry registry;
    private final SwitchEvents events;
    private final Executor completions;
    private final ChannelGroup connections;

    OfChannelInitializer(OpenFlowConfig config, OfMessages messages, SwitchRegistry registry, SwitchEvents events,
                         Executor completions, ChannelGroup connections) {
        this.config = config;
        this.messages = messages;
        this.registry = registry;
        this.events = events;
        this.completions = completions;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("frameDecoder", new OfFrameDecoder(config.maxMessageSize()));
        pipeline.addLast("packetInLimit", new PacketInLimiter(config.packetInLimit(), System::nanoTime));
        pipeline.addLast("messageDecoder", new OfMessageDecoder());
        pipeline.addLast("messageEncoder", ENCODER);
        pipeline.addLast("idle", new IdleStateHandler(config.echoInterval().toMillis(), 0, 0,
                TimeUnit.MILLISECONDS));
        pipeline.addLast("keepalive", new EchoKeepaliveHandler(messages, config.echoTimeout()));
        pipeline.addLast("handshakeTimeout", new HandshakeTimeoutHandler(config.handshakeTimeout()));
        pipeline.addLast("session", new SwitchSession(messages, registry, events, completions,
                config.readBacklog()));
    }
}

package org.vtepmanager.ofcontroller;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts OpenFlow 1.3 switch connections and keeps one {@link OpenFlowSwitch} per connected DPID. Listener
 * callbacks and the futures of {@link OpenFlowSwitch} complete on the executor passed in, so application code
 * never runs on a Netty event loop.
 */
public final class OpenFlowServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowServer.class);
    private static final long SHUTDOWN_QUIET_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private final OpenFlowConfig config;
    private final Executor callbacks;
    private final SwitchEvents events;
    private final SwitchRegistry registry;
    private final OpenFlowCounters counters = new OpenFlowCounters();
    private final ChannelGroup connections =
            new DefaultChannelGroup("openflow-switches", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private boolean closed;

    public OpenFlowServer(OpenFlowConfig config, Executor callbackExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.callbacks = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        this.events = new SwitchEvents(callbackExecutor);
        this.registry = new SwitchRegistry(events);
    }

    /** Listeners added after {@link #start()} miss the events that already happened. */
    public void addListener(SwitchListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Binds and returns the bound address (the actual port when the configured one is 0). Blocks until bound, so
     * call it from the application's thread, not from an event loop.
     *
     * @throws IllegalStateException if the address cannot be bound, naming it
     */
    public synchronized InetSocketAddress start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("OpenFlow server can be started once");
        }
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("openflow-accept"),
                NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("openflow-io"),
                NioIoHandler.newFactory());
        ChannelFuture bind = bootstrap().bind(config.listen()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutDownGroups();
            throw new IllegalStateException("cannot listen for OpenFlow on " + config.listen() + ": "
                    + bind.cause().getMessage(), bind.cause());
        }
        serverChannel = bind.channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.atInfo().addKeyValue("address", bound).addKeyValue("tls", config.tls().isPresent())
                .addKeyValue("ioThreads", config.ioThreads()).log("OpenFlow server listening");
        return bound;
    }

    public Optional<OpenFlowSwitch> getSwitch(DatapathId dpid) {
        return registry.get(dpid);
    }

    public Collection<OpenFlowSwitch> getSwitches() {
        return registry.all();
    }

    /** Packet-ins and messages sent since start, for monitoring. */
    public OpenFlowCounters counters() {
        return counters;
    }

    /** Stops listening and closes every switch connection; listeners hear each switch disconnect. */
    @Override
    public synchronized void close() {
        if (serverChannel == null || closed) {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        // Closed while their event loops still run, so that each session hears its own close and tells listeners.
        // A loop's teardown (Netty 4.2.17) is not relied on: CI once saw a switch's connection still open five
        // seconds after this method had returned, and the OVSDB transport's sessions stayed open every time.
        if (!connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS)) {
            log.atWarn().addKeyValue("open", connections.size()).log("OpenFlow connections still closing at stop");
        }
        shutDownGroups();
        log.atInfo().addKeyValue("address", serverChannel.localAddress()).log("OpenFlow server stopped");
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap().group(acceptGroup, ioGroup).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                // OpenFlow messages are small and latency matters more than packing them.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new OfChannelInitializer(config, new OfMessages(), registry, events, callbacks,
                        connections, counters));
    }

    private void shutDownGroups() {
        acceptGroup.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .syncUninterruptibly();
        ioGroup.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .syncUninterruptibly();
    }
}

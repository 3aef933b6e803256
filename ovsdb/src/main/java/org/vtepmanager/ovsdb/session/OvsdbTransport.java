package org.vtepmanager.ovsdb.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * Opens OVSDB sessions: dials {@code tcp:}, {@code ssl:} and {@code unix:} targets and accepts switches on a
 * {@code ptcp:} or {@code pssl:} listener. One small Netty event-loop group carries every session; nothing but I/O
 * runs on it. A TLS session is handed over only once its handshake succeeded, so that a refused certificate is the
 * dial's failure (or the accepted switch's log line), not a session that dies at its first request.
 */
public final class OvsdbTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OvsdbTransport.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 2_000;
    private static final String NO_TLS = "ssl: and pssl: need the manager's TLS key, certificate and CA "
            + "(--tls-private-key, --tls-certificate, --tls-ca-cert)";

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final ChannelGroup sessions = new DefaultChannelGroup("ovsdb-sessions", GlobalEventExecutor.INSTANCE);
    private final ScheduledExecutorService events;
    private final SessionSettings settings;
    private final Optional<OvsdbTls> tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A transport without TLS: {@code ssl:} targets fail to dial and a {@code pssl:} listener fails to bind. */
    public OvsdbTransport(ScheduledExecutorService events, SessionSettings settings) {
        this(events, settings, Optional.empty());
    }

    public OvsdbTransport(ScheduledExecutorService events, SessionSettings settings, Optional<OvsdbTls> tls) {
        this.events = events;
        this.settings = settings;
        this.tls = tls;
    }

    /** Dials {@code target}; completes on the events executor with a session, or fails naming the target. */
    public CompletableFuture<OvsdbSession> connect(OvsdbTarget target) {
        String peer = target.toString();
        if (target.usesTls() && tls.isEmpty()) {
            return failedOnEvents(new OvsdbSessionException(peer, "cannot connect: " + NO_TLS));
        }
        Optional<SslContext> context = target.usesTls() ? tls.map(OvsdbTls::client) : Optional.empty();
        Bootstrap bootstrap = new Bootstrap().group(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new OvsdbChannelInitializer(peer, settings.probeInterval(), context));
        ChannelFuture connecting;
        if (target instanceof OvsdbTarget.Tcp tcp) {
            connecting = bootstrap.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .connect(new InetSocketAddress(tcp.address(), tcp.port()));
        } else if (target instanceof OvsdbTarget.Unix unix) {
            connecting = bootstrap.channel(NioDomainSocketChannel.class)
                    .connect(UnixDomainSocketAddress.of(unix.path()));
        } else {
            throw new IllegalArgumentException("cannot dial " + target + ": it is a listener");
        }
        // At once, not once connected: a close() meanwhile must find it (a failed dial leaves the group by itself).
        sessions.add(connecting.channel());
        CompletableFuture<OvsdbSession> session = new CompletableFuture<>();
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                events.execute(() -> session.completeExceptionally(new OvsdbSessionException(peer,
                        "cannot connect: " + connected.cause().getMessage(), connected.cause())));
                return;
            }
            whenSecured(connecting.channel(), peer, session::complete,
                    why -> session.completeExceptionally(new OvsdbSessionException(peer, "cannot connect: " + why)));
        });
        return session;
    }

    /**
     * Makes the channel a session once its TLS handshake succeeded, or at once for a plain channel, and hands it to
     * {@code secured} on the events executor; {@code refused} gets the reason when the handshake failed (the channel
     * is then closed). The session is made on the channel's event loop, so its handlers are in place before the
     * first message is read.
     */
    private void whenSecured(Channel channel, String peer, Consumer<OvsdbSession> secured,
            Consumer<String> refused) {
        SslHandler handler = channel.pipeline().get(SslHandler.class);
        if (handler == null) {
            handOver(channel, peer, secured);
            return;
        }
        handler.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                handOver(channel, peer, secured);
            } else {
                // Never handed over, so no request will ask why it closed: the reason goes to refused alone.
                channel.close();
                String why = TlsFailure.reason(done.cause());
                events.execute(() -> refused.accept(why));
            }
        });
    }

    private <T> CompletableFuture<T> failedOnEvents(OvsdbSessionException failure) {
        CompletableFuture<T> failed = new CompletableFuture<>();
        events.execute(() -> failed.completeExceptionally(failure));
        return failed;
    }

    private void handOver(Channel channel, String peer, Consumer<OvsdbSession> to) {
        OvsdbSession session = new OvsdbSession(channel, peer, events, settings.requestTimeout());
        events.execute(() -> to.accept(session));
    }

    /**
     * Accepts switches that dial the manager ({@code set-manager}); each accepted session is handed to
     * {@code onSession} on the events executor (a TLS one once its handshake succeeded; one that fails is logged
     * and closed). Completes with the bound address (port 0 picks a free port).
     */
    public CompletableFuture<InetSocketAddress> listen(OvsdbTarget.PassiveTcp listener,
            Consumer<OvsdbSession> onSession) {
        if (listener.tls() && tls.isEmpty()) {
            return failedOnEvents(new OvsdbSessionException(listener.toString(), "cannot listen: " + NO_TLS));
        }
        String method = listener.tls() ? "ssl:" : "tcp:";
        // SO_REUSEADDR: a restarted manager must rebind while its old sessions linger in TIME_WAIT.
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        sessions.add(channel);
                        String peer = method + hostPort((InetSocketAddress) channel.remoteAddress()) + " (passive)";
                        // Read at each accept: a reloaded identity serves the next switch that dials in.
                        Optional<SslContext> context = listener.tls() ? tls.map(OvsdbTls::server) : Optional.empty();
                        new OvsdbChannelInitializer(peer, settings.probeInterval(), context).initChannel(channel);
                        whenSecured(channel, peer, onSession, why -> log.atWarn().addKeyValue("switch", peer)
                                .addKeyValue("reason", why).log("OVSDB switch refused"));
                    }
                });
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        ChannelFuture binding = bootstrap.bind(listener.bindAddress(), listener.port());
        binding.addListener(done -> {
            if (done.isSuccess()) {
                listeners.add(binding.channel());
                bound.complete((InetSocketAddress) binding.channel().localAddress());
            } else {
                bound.completeExceptionally(new OvsdbSessionException(listener.toString(),
                        "cannot listen: " + done.cause().getMessage(), done.cause()));
            }
        });
        return bound;
    }

    /**
     * Unbinds every listener first and waits for it, so that a manager restarted at once can bind again. Then
     * closes every session while the event loop still runs, so that each hears its own close: the loop's teardown
     * (Netty 4.2.17) left a dialled and an accepted session open, sockets and all. Closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        ChannelGroupFuture allClosed = sessions.newCloseFuture();
        sessions.forEach(session -> CloseReason.close(session, "the manager is stopping"));
        if (!allClosed.awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS)) {
            log.atWarn().addKeyValue("open", sessions.size()).log("OVSDB sessions still closing at stop");
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Timers of every session: the inactivity-probe interval and how long a request may wait for its reply. */
    public record SessionSettings(Duration probeInterval, Duration requestTimeout) {
        public static final SessionSettings DEFAULTS =
                new SessionSettings(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}

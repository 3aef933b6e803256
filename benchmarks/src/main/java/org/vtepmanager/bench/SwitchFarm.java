package org.vtepmanager.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * N simulated switches connected to one controller, all on a single NIO event loop: the driver's bookkeeping then
 * needs no locks, and the generator takes at most one of the machine's cores. Ready once the controller has
 * programmed every switch (a flow-mod, then a barrier) and each switch's primer is written.
 */
final class SwitchFarm implements AutoCloseable {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final List<SimulatedSwitch> switches = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    SwitchFarm(PacketInTarget target, int n, Duration readyTimeout) throws InterruptedException {
        try {
            for (int i = 0; i < n; i++) {
                connect(target, i, n);
            }
            awaitProgrammed(readyTimeout);
            for (int i = 0; i < n; i++) {
                SimulatedSwitch sw = switches.get(i);
                target.primer(i).forEach(sw::write);
                channels.get(i).eventLoop().execute(sw::flush);
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    List<SimulatedSwitch> switches() {
        return switches;
    }

    EventLoop loop() {
        return group.next();
    }

    private void connect(PacketInTarget target, int index, int n) throws InterruptedException {
        SimulatedSwitch sw = new SimulatedSwitch(index, DatapathId.of(OurController.dpid(index)),
                target.ports(index, n), target.barrierEndsProgramming());
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        OfWire.install(ch.pipeline());
                        ch.pipeline().addLast("switch", sw);
                    }
                }).connect(target.address()).sync().channel();
        switches.add(sw);
        channels.add(channel);
    }

    /** Fails naming how many switches the controller programmed: no flow-mod at all means it never matched them. */
    private void awaitProgrammed(Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] all = switches.stream().map(SimulatedSwitch::programmed)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long programmed = switches.stream().filter(sw -> sw.programmed().isDone()).count();
            throw new IllegalStateException("the controller programmed " + programmed + " of " + switches.size()
                    + " switches within " + timeout + " (never matched them to their VTEPs?); switch 0 received "
                    + switches.get(0).received());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulated switch failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

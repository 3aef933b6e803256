package org.vtepmanager.ofcontroller;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the OpenFlow server listens and how patient it is with switches.
 *
 * @param listen            address to bind; port 0 binds a free port (see {@link OpenFlowServer#start()})
 * @param maxMessageSize    largest OpenFlow message accepted, in bytes; the 16-bit header length caps it at 65535
 * @param echoInterval      inbound silence after which the controller sends an ECHO_REQUEST
 * @param echoTimeout       how long it then waits for any message before declaring the switch dead
 * @param handshakeTimeout  time from TCP accept to ACTIVE, the TLS handshake included; a peer that stalls in either
 *                          is closed
 * @param ioThreads         threads that read, frame and write the switches' connections (see
 *                          {@link #defaultIoThreads})
 * @param packetInLimit     packet-ins per second and switch passed on at most; the rest are dropped on arrival, so
 *                          that a flood of new source MACs from one switch cannot starve the others
 * @param readBacklog       messages of one switch handed to the controller's thread and not yet handled, at which
 *                          its connection stops reading until half of them are (see {@link ReadBacklog}): the
 *                          controller's queue stays bounded however many switches send how much
 * @param tls               when present, the listener takes TLS only: every connection starts with a handshake in
 *                          the server context this gives when the connection is accepted (so a reloaded identity
 *                          serves the next switch), which the caller builds to require a client certificate
 *                          signed by the operator's CA; when empty, plain TCP only
 */
public record OpenFlowConfig(InetSocketAddress listen, int maxMessageSize, Duration echoInterval,
                             Duration echoTimeout, Duration handshakeTimeout, int ioThreads, long packetInLimit,
                             int readBacklog, Optional<Supplier<SslContext>> tls) {

    /** The protocol's own ceiling: the header's length field is 16 bits. */
    public static final int MAX_OPENFLOW_MESSAGE = 0xffff;
    /** Per switch: well above what a learning burst of a real host needs. */
    public static final int DEFAULT_PACKET_IN_LIMIT = 20_000;
    /**
     * Per switch: reads pause only when the controller has fallen far behind, and 64 switches at this limit queue
     * about 80 MB of packet-ins. At 1,024, a burst of 20,000 packet-ins outstanding per switch at 16 switches learned
     * 12% slower than with no limit (reads paused and resumed over and over); at 4,096 no slower
     * (BENCHMARKS.md, "A switch's reads pause").
     */
    public static final int DEFAULT_READ_BACKLOG = 4_096;

    public OpenFlowConfig {
        Objects.requireNonNull(listen, "listen");
        if (maxMessageSize < OfFrameDecoder.HEADER_LENGTH || maxMessageSize > MAX_OPENFLOW_MESSAGE) {
            throw new IllegalArgumentException("maxMessageSize must be in [8, 65535]: " + maxMessageSize);
        }
        requirePositive(echoInterval, "echoInterval");
        requirePositive(echoTimeout, "echoTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
        }
        if (packetInLimit < 1) {
            throw new IllegalArgumentException("packetInLimit must be at least 1: " + packetInLimit);
        }
        if (readBacklog < 1) {
            throw new IllegalArgumentException("readBacklog must be at least 1: " + readBacklog);
        }
        Objects.requireNonNull(tls, "tls");
        if (tls.isPresent() && !tls.get().get().isServer()) {
            throw new IllegalArgumentException("tls must be a server context: switches dial the controller");
        }
    }

    /**
     * Half the processors, at least one; not Netty's twice the processors. The IO threads only frame and encode:
     * everything the controller decides happens on one thread of its own, so more IO threads add no work done,
     * only threads to wake. Where many switches each send a little, every packet-in woke a thread of its own and
     * each thread's few writes cost a wake-up and a system call apiece: with 64 switches and 16 packet-ins
     * outstanding on each, a 2-core machine learned 1.7 times as fast with one IO thread as with four
     * (BENCHMARKS.md, "Fewer OpenFlow IO threads").
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Defaults that match Open vSwitch's own 5 s inactivity probe, so a dead switch is noticed within about 10 s
     * and a live one never is mistaken for dead on a busy host. Plain TCP, no TLS.
     */
    public static OpenFlowConfig listeningOn(InetSocketAddress listen) {
        return new OpenFlowConfig(listen, MAX_OPENFLOW_MESSAGE, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), defaultIoThreads(), DEFAULT_PACKET_IN_LIMIT, DEFAULT_READ_BACKLOG,
                Optional.empty());
    }

    public OpenFlowConfig withEcho(Duration interval, Duration timeout) {
        return new OpenFlowConfig(listen, maxMessageSize, interval, timeout, handshakeTimeout, ioThreads,
                packetInLimit, readBacklog, tls);
    }

    public OpenFlowConfig withHandshakeTimeout(Duration timeout) {
        return new OpenFlowConfig(listen, maxMessageSize, echoInterval, echoTimeout, timeout, ioThreads,
                packetInLimit, readBacklog, tls);
    }

    public OpenFlowConfig withIoThreads(int threads) {
        return new OpenFlowConfig(listen, maxMessageSize, echoInterval, echoTimeout, handshakeTimeout, threads,
                packetInLimit, readBacklog, tls);
    }

    public OpenFlowConfig withPacketInLimit(long perSecond) {
        return new OpenFlowConfig(listen, maxMessageSize, echoInterval, echoTimeout, handshakeTimeout, ioThreads,
                perSecond, readBacklog, tls);
    }

    public OpenFlowConfig withReadBacklog(int messages) {
        return new OpenFlowConfig(listen, maxMessageSize, echoInterval, echoTimeout, handshakeTimeout, ioThreads,
                packetInLimit, messages, tls);
    }

    /** The listener takes TLS only, in the context {@code serverContext} gives; see {@link #tls()}. */
    public OpenFlowConfig withTls(Supplier<SslContext> serverContext) {
        return new OpenFlowConfig(listen, maxMessageSize, echoInterval, echoTimeout, handshakeTimeout, ioThreads,
                packetInLimit, readBacklog, Optional.of(Objects.requireNonNull(serverContext, "serverContext")));
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}

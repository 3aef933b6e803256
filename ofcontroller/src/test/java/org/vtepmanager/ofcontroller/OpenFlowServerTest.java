package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Server lifecycle with a scripted peer; what needs a real switch is in {@link OpenFlowServerOvsTest}. */
class OpenFlowServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private final OpenFlowConfig config = OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0));
    private final OpenFlowServer server = new OpenFlowServer(config, callbacks);

    @AfterEach
    void stop() {
        server.close();
        callbacks.shutdownNow();
    }

    @Test
    void portInUseFailsStartNamingTheAddress() {
        InetSocketAddress bound = server.start();

        try (OpenFlowServer second = new OpenFlowServer(OpenFlowConfig.listeningOn(bound), callbacks)) {
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen for OpenFlow on " + bound);
        }
    }

    @Test
    void closingTheServerDisconnectsItsSwitchesAndListenersHearIt() {
        RecordingListener listener = new RecordingListener();
        server.addListener(listener);
        InetSocketAddress bound = server.start();
        DatapathId dpid = DatapathId.of(0x77);

        try (RawOpenFlowClient peer = RawOpenFlowClient.connect(bound)) {
            peer.handshakeAs(dpid);
            Await.until(WAIT, "switch registered", () -> server.getSwitch(dpid).isPresent());

            server.close();

            peer.readUntilClosed(); // fails unless the server closes the connection
            Await.until(WAIT, "disconnect callback", () -> listener.ofKind("disconnected").size() == 1);
            assertThat(listener.ofKind("connected")).hasSize(1);
            assertThat(server.getSwitches()).isEmpty();
        }
    }

    @Test
    void batchesSentBackToBackReachTheSwitchInOrderWithConsecutiveXidsOnTheWire() {
        InetSocketAddress bound = server.start();
        DatapathId dpid = DatapathId.of(0x79);

        try (RawOpenFlowClient peer = RawOpenFlowClient.connect(bound)) {
            OpenFlowSwitch sw = registered(peer, dpid);

            sw.send(List.of(flow(1), flow(2)));
            sw.send(List.of(flow(3)));
            List<OFMessage> wire = List.of(peer.read().orElseThrow(), peer.read().orElseThrow(),
                    peer.read().orElseThrow(), peer.read().orElseThrow(), peer.read().orElseThrow());

            assertThat(wire).extracting(OFMessage::getType).containsExactly(OFType.FLOW_MOD, OFType.FLOW_MOD,
                    OFType.BARRIER_REQUEST, OFType.FLOW_MOD, OFType.BARRIER_REQUEST);
            assertThat(wire).filteredOn(OFFlowAdd.class::isInstance).extracting(m -> ((OFFlowAdd) m).getCookie())
                    .containsExactly(U64.of(1), U64.of(2), U64.of(3));
            long first = wire.get(0).getXid();
            assertThat(wire).extracting(OFMessage::getXid).as("the session's xids, not the callers' (0)")
                    .containsExactly(first, first + 1, first + 2, first + 3, first + 4).doesNotContain(0L);
        }
    }

    @Test
    void unknownExperimenterMessageIsSkippedWithoutDroppingTheSession() {
        RecordingListener listener = new RecordingListener();
        server.addListener(listener);
        InetSocketAddress bound = server.start();
        DatapathId dpid = DatapathId.of(0x78);

        try (RawOpenFlowClient peer = RawOpenFlowClient.connect(bound)) {
            OpenFlowSwitch sw = registered(peer, dpid);

            // OFPT_EXPERIMENTER, length 20, experimenter 0x00abcdef (unknown to openflowj), subtype 7, 4 data bytes
            byte[] experimenter = {4, 4, 0, 20, 0, 0, 0, 9, 0, (byte) 0xab, (byte) 0xcd, (byte) 0xef, 0, 0, 0, 7,
                    1, 2, 3, 4};
            peer.sendBytes(experimenter);
            OFPacketIn packetIn = EmbeddedSwitch.FACTORY.buildPacketIn().setReason(OFPacketInReason.NO_MATCH)
                    .setTableId(TableId.of(0)).setCookie(U64.ZERO).setMatch(EmbeddedSwitch.FACTORY.matchWildcardAll())
                    .setData(new byte[14]).build();
            peer.send(packetIn);

            Await.until(WAIT, "the PACKET_IN after it delivered", () -> !listener.ofKind("message").isEmpty());
            assertThat(listener.ofKind("message")).extracting(RecordingListener.Event::detail)
                    .containsExactly(packetIn);
            assertThat(server.getSwitch(dpid)).containsSame(sw);
            assertThat(sw.isConnected()).isTrue();
        }
    }

    @Test
    void configRejectsLimitsThatWouldDisableProtection() {
        InetSocketAddress any = new InetSocketAddress(0);
        assertThatThrownBy(() -> new OpenFlowConfig(any, 7, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 1, 1, Optional.empty())).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> config.withEcho(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("echoInterval");
        assertThatThrownBy(() -> config.withHandshakeTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("handshakeTimeout");
        assertThatThrownBy(() -> config.withIoThreads(0)).hasMessageContaining("ioThreads");
        assertThatThrownBy(() -> config.withPacketInLimit(0)).hasMessageContaining("packetInLimit");
        assertThatThrownBy(() -> config.withReadBacklog(0)).hasMessageContaining("readBacklog");
    }

    @Test
    void configTakesOnlyAServerTlsContext() throws Exception {
        SslContext client = SslContextBuilder.forClient().build();

        assertThatThrownBy(() -> config.withTls(() -> client)).hasMessageContaining("server context");
        assertThat(config.tls()).isEmpty();
    }

    @Test
    void theServerServesItsSwitchesOnTheIoThreadsItIsGivenAndNoMore() {
        Set<String> before = ioThreadNames();
        List<RawOpenFlowClient> peers = new ArrayList<>();
        try (OpenFlowServer twoThreads = new OpenFlowServer(config.withIoThreads(2), callbacks)) {
            InetSocketAddress bound = twoThreads.start();
            for (int dpid = 1; dpid <= 4; dpid++) {
                RawOpenFlowClient peer = RawOpenFlowClient.connect(bound);
                peers.add(peer);
                peer.handshakeAs(DatapathId.of(dpid));
            }
            Await.until(WAIT, "four switches registered", () -> twoThreads.getSwitches().size() == 4);
            Set<String> started = ioThreadNames();
            started.removeAll(before);

            assertThat(started).hasSize(2);
        } finally {
            peers.forEach(RawOpenFlowClient::close);
        }
    }

    /** Netty starts an event loop's thread when the first connection is given to it. */
    private static Set<String> ioThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("openflow-io-")).collect(Collectors.toCollection(HashSet::new));
    }

    /** The peer completes the handshake as {@code dpid}; the server's session for it, once registered. */
    private OpenFlowSwitch registered(RawOpenFlowClient peer, DatapathId dpid) {
        peer.handshakeAs(dpid);
        Await.until(WAIT, "switch registered", () -> server.getSwitch(dpid).isPresent());
        return server.getSwitch(dpid).orElseThrow();
    }

    private static OFFlowAdd flow(long cookie) {
        return EmbeddedSwitch.FACTORY.buildFlowAdd().setCookie(U64.of(cookie)).setTableId(TableId.of(0)).build();
    }
}

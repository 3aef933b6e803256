package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ofcontroller.EmbeddedSwitch.FACTORY;
import static org.vtepmanager.ofcontroller.EmbeddedSwitch.port;
import static org.vtepmanager.ofcontroller.Handshake.State.ACTIVE;
import static org.vtepmanager.ofcontroller.Handshake.State.FAILED;
import static org.vtepmanager.ofcontroller.Handshake.State.WAIT_BARRIER;
import static org.vtepmanager.ofcontroller.Handshake.State.WAIT_FEATURES_REPLY;
import static org.vtepmanager.ofcontroller.Handshake.State.WAIT_HELLO;
import static org.vtepmanager.ofcontroller.Handshake.State.WAIT_PORT_DESC;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/** The handshake's truth table: for each state and input, the next state and what the controller sends. */
class HandshakeTest {

    private static final DatapathId DPID = DatapathId.of(0x42);

    private final List<OFMessage> sent = new ArrayList<>();
    private final PortTable ports = new PortTable();

    static Stream<Arguments> transitions() {
        return Stream.of(
                row(WAIT_HELLO, "HELLO 1.3 offering {1.3}", helloWithBitmap(1 << 4), WAIT_FEATURES_REPLY,
                        OFType.FEATURES_REQUEST),
                row(WAIT_HELLO, "HELLO 1.3 offering {1.0, 1.3, 1.4}", helloWithBitmap(1 << 1 | 1 << 4 | 1 << 5),
                        WAIT_FEATURES_REPLY, OFType.FEATURES_REQUEST),
                row(WAIT_HELLO, "HELLO 1.3 without bitmap", FACTORY.buildHello().build(), WAIT_FEATURES_REPLY,
                        OFType.FEATURES_REQUEST),
                row(WAIT_HELLO, "HELLO 1.4 without bitmap", hello(OFVersion.OF_14), WAIT_FEATURES_REPLY,
                        OFType.FEATURES_REQUEST),
                row(WAIT_HELLO, "HELLO 1.3 offering {1.0, 1.4}", helloWithBitmap(1 << 1 | 1 << 5), FAILED,
                        OFType.ERROR),
                row(WAIT_HELLO, "HELLO 1.0", hello(OFVersion.OF_10), FAILED, OFType.ERROR),
                row(WAIT_HELLO, "FEATURES_REPLY before HELLO", featuresReply(), FAILED),
                row(WAIT_FEATURES_REPLY, "FEATURES_REPLY", featuresReply(), WAIT_PORT_DESC, OFType.SET_CONFIG,
                        OFType.STATS_REQUEST),
                row(WAIT_FEATURES_REPLY, "PACKET_IN", packetIn(), WAIT_FEATURES_REPLY),
                row(WAIT_FEATURES_REPLY, "OFPT_ERROR", error(), FAILED),
                row(WAIT_FEATURES_REPLY, "a 1.0 message", OFFactories.getFactory(OFVersion.OF_10)
                        .buildBarrierReply().build(), FAILED),
                row(WAIT_PORT_DESC, "PORT_DESC part with MORE", portDesc(true, port(1, "p1")), WAIT_PORT_DESC),
                row(WAIT_PORT_DESC, "last PORT_DESC part", portDesc(false, port(1, "p1")), WAIT_BARRIER,
                        OFType.BARRIER_REQUEST),
                row(WAIT_PORT_DESC, "PORT_STATUS", portStatus(OFPortReason.ADD, port(9, "p9")), WAIT_PORT_DESC),
                row(WAIT_PORT_DESC, "OFPT_ERROR (e.g. SET_CONFIG refused)", error(), FAILED),
                row(WAIT_BARRIER, "BARRIER_REPLY", FACTORY.buildBarrierReply().build(), ACTIVE),
                row(WAIT_BARRIER, "PORT_STATUS", portStatus(OFPortReason.ADD, port(9, "p9")), WAIT_BARRIER),
                row(WAIT_BARRIER, "PACKET_IN", packetIn(), WAIT_BARRIER),
                row(WAIT_BARRIER, "OFPT_ERROR", error(), FAILED));
    }

    @ParameterizedTest(name = "{0} + {1} -> {3} sending {4}")
    @MethodSource("transitions")
    void transition(Handshake.State from, String input, OFMessage message, Handshake.State to, List<OFType> sends) {
        Handshake handshake = handshakeIn(from);
        sent.clear();

        assertThat(handshake.receive(message)).isEqualTo(to);
        assertThat(handshake.state()).isEqualTo(to);
        assertThat(sent).extracting(OFMessage::getType).containsExactlyElementsOf(sends);
        assertThat(handshake.failure() != null).as("a failure reason exactly when FAILED").isEqualTo(to == FAILED);
    }

    @Test
    void incompatibleHelloIsAnsweredWithHelloFailedIncompatibleAndTheReasonAsText() {
        Handshake handshake = handshakeIn(WAIT_HELLO);

        handshake.receive(hello(OFVersion.OF_10));

        OFHelloFailedErrorMsg error = (OFHelloFailedErrorMsg) sent.get(sent.size() - 1);
        assertThat(error.getCode()).isEqualTo(OFHelloFailedCode.INCOMPATIBLE);
        assertThat(new String(error.getData().getData(), StandardCharsets.US_ASCII))
                .isEqualTo(handshake.failure()).contains("OF_10").contains("only OpenFlow 1.3");
    }

    @Test
    void portListIsEveryPortDescPartWhilePortStatusBeforeTheReplyIsIgnored() {
        Handshake handshake = handshakeIn(WAIT_PORT_DESC);

        handshake.receive(portStatus(OFPortReason.ADD, port(9, "stale")));
        handshake.receive(portDesc(true, port(1, "p1")));
        handshake.receive(portDesc(false, port(2, "p2")));

        assertThat(ports.byNumber()).containsOnlyKeys(OFPort.of(1), OFPort.of(2));
    }

    @Test
    void portStatusAfterThePortListIsKnownIsApplied() {
        Handshake handshake = handshakeIn(WAIT_BARRIER);

        handshake.receive(portStatus(OFPortReason.ADD, port(3, "p3")));
        handshake.receive(portStatus(OFPortReason.DELETE, port(1, "p1")));

        assertThat(ports.byNumber()).containsOnlyKeys(OFPort.of(3));
        assertThat(handshake.dpid()).isEqualTo(DPID);
    }

    /** Walks the happy path up to {@code state}. */
    private Handshake handshakeIn(Handshake.State state) {
        Handshake handshake = new Handshake(EmbeddedSwitch.MESSAGES, sent::add, ports);
        handshake.start();
        List<OFMessage> path = List.of(FACTORY.buildHello().build(), featuresReply(),
                portDesc(false, port(1, "p1")));
        for (OFMessage step : path) {
            if (handshake.state() == state) {
                break;
            }
            handshake.receive(step);
        }
        assertThat(handshake.state()).isEqualTo(state);
        return handshake;
    }

    private static Arguments row(Handshake.State from, String input, OFMessage message, Handshake.State to,
                                 OFType... sends) {
        return Arguments.of(from, input, message, to, List.of(sends));
    }

    private static OFHello hello(OFVersion version) {
        return OFFactories.getFactory(version).buildHello().build();
    }

    private static OFHello helloWithBitmap(long bits) {
        return FACTORY.buildHello().setElements(List.of(FACTORY.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(bits))).build())).build();
    }

    private static OFMessage featuresReply() {
        return FACTORY.buildFeaturesReply().setDatapathId(DPID).setCapabilities(Set.of()).build();
    }

    private static OFMessage portDesc(boolean more, OFPortDesc... entries) {
        return FACTORY.buildPortDescStatsReply().setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of())
                .setEntries(List.of(entries)).build();
    }

    private static OFMessage portStatus(OFPortReason reason, OFPortDesc port) {
        return FACTORY.buildPortStatus().setReason(reason).setDesc(port).build();
    }

    private static OFMessage packetIn() {
        return FACTORY.buildPacketIn().setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(0))
                .setCookie(U64.ZERO).setMatch(FACTORY.matchWildcardAll()).setData(new byte[0]).build();
    }

    private static OFMessage error() {
        return FACTORY.errorMsgs().buildBadRequestErrorMsg().setCode(OFBadRequestCode.BAD_TYPE).build();
    }
}

package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The session layer against a real Open vSwitch 3.x bridge on the dummy datapath. */
class OpenFlowServerOvsTest {

    private static final Duration ECHO_INTERVAL = Duration.ofSeconds(1);
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long REPLY_SECONDS = 5;
    private static final int PACKET_IN_LIMIT = 3;
    private static final Pattern OFCTL_PORT = Pattern.compile("^\\s*(\\w+)\\(([^)]+)\\): addr", Pattern.MULTILINE);

    private final RecordingListener listener = new RecordingListener();
    private final OFFactory factory = new OfMessages().factory();
    private BridgeAtController lab;

    @BeforeEach
    void startServerAndSwitch() {
        // The packet-in limit is low for the flood test; no other test here has the switch send packet-ins.
        lab = new BridgeAtController(OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0))
                .withEcho(ECHO_INTERVAL, ECHO_TIMEOUT).withHandshakeTimeout(Duration.ofSeconds(3))
                .withPacketInLimit(PACKET_IN_LIMIT), listener);
    }

    @AfterEach
    void stopEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void bridgeReachesActiveWithTheDpidAndPortsOvsReports() {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        assertThat(sw.dpid()).isEqualTo(lab.ovs.dpid("br0"));
        assertThat(portLabels(sw)).isEqualTo(ofctlPortLabels("br0")).contains("1(p1)", "LOCAL(br0)");
        assertThat(sw.port("p1").map(OFPortDesc::getPortNo)).contains(OFPort.of(1));
        assertThat(sw.port(OFPort.LOCAL).map(OFPortDesc::getName)).contains("br0");
        assertThat(sw.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        Await.until(WAIT, "switchConnected callback", () -> !listener.ofKind("connected").isEmpty());
        assertThat(listener.ofKind("connected").get(0).sw()).isSameAs(sw);
        assertThat(listener.callbackThreads).noneMatch(t -> t.getName().startsWith("openflow-"));
    }

    @Test
    void twoBridgesOnOneSwitchHostAreTwoSwitches() {
        lab.ovs.addBridge("br1", lab.address.getPort(), "p7");

        OpenFlowSwitch br0 = lab.awaitSwitch("br0");
        OpenFlowSwitch br1 = lab.awaitSwitch("br1");

        assertThat(br0.dpid()).isNotEqualTo(br1.dpid());
        assertThat(lab.server.getSwitches()).containsExactlyInAnyOrder(br0, br1);
        assertThat(portLabels(br1)).containsExactlyInAnyOrder("1(p7)", "LOCAL(br1)");
    }

    @Test
    void portAddedAndDeletedWithOvsVsctlIsTrackedThroughPortStatus() {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        lab.ovs.addPort("br0", "p2", 2);
        Await.until(WAIT, "p2 known as port 2", () -> sw.port("p2").isPresent());
        assertThat(sw.port(OFPort.of(2)).map(OFPortDesc::getName)).contains("p2");
        Await.until(WAIT, "PORT_STATUS ADD callback", () -> !listener.ofKind("port " + OFPortReason.ADD).isEmpty());

        lab.ovs.deletePort("br0", "p2");
        Await.until(WAIT, "p2 gone", () -> sw.port("p2").isEmpty() && sw.port(OFPort.of(2)).isEmpty());
        assertThat(portLabels(sw)).isEqualTo(ofctlPortLabels("br0"));
        Await.until(WAIT, "PORT_STATUS DELETE callback",
                () -> !listener.ofKind("port " + OFPortReason.DELETE).isEmpty());
    }

    @Test
    void flowBatchIsInstalledWhenSendCompletesAndFlowStatsReturnIt() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        sw.send(List.of(dropFrom(1, 0x5e55, TableId.of(0)))).get(REPLY_SECONDS, TimeUnit.SECONDS);

        assertThat(lab.ovs.ofctl("dump-flows", "br0")).contains("cookie=0x5e55").contains("priority=100")
                .contains("actions=drop");
        List<OFFlowStatsReply> replies = sw.sendRequest(factory.buildFlowStatsRequest()
                .setMatch(factory.matchWildcardAll()).setTableId(TableId.ALL).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO).build())
                .get(REPLY_SECONDS, TimeUnit.SECONDS);
        List<OFFlowStatsEntry> entries = replies.stream().flatMap(r -> r.getEntries().stream()).toList();
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.getCookie()).isEqualTo(U64.of(0x5e55));
            assertThat(entry.getMatch().get(MatchField.IN_PORT)).isEqualTo(OFPort.of(1));
        });
    }

    @Test
    void switchErrorFailsTheBatchAndIsLoggedWithTheFlowModThatCausedIt() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");
        OFFlowAdd good = dropFrom(1, 0x600d, TableId.of(0));
        OFFlowAdd noSuchTable = dropFrom(1, 0xbad, TableId.of(254));

        assertThatThrownBy(() -> sw.send(List.of(good, noSuchTable)).get(REPLY_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(
                        OpenFlowErrorException.class, e -> {
                            // OVS reserves table 254 for itself and answers BAD_REQUEST/EPERM, not BAD_TABLE_ID.
                            assertThat(e.error().getErrType()).isEqualTo(OFErrorType.BAD_REQUEST);
                            assertThat(e.request()).hasValueSatisfying(r -> assertThat(r.equalsIgnoreXid(noSuchTable))
                                    .isTrue());
                            assertThat(logged(e)).containsEntry("cause", e.request().get().toString())
                                    .containsEntry("dpid", sw.dpid().toString());
                        });
        assertThat(lab.ovs.ofctl("dump-flows", "br0")).as("the batch is not atomic: the good flow went in")
                .contains("cookie=0x600d").doesNotContain("cookie=0xbad");
    }

    @Test
    void garbageFromAnotherPeerClosesOnlyThatConnection() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        try (RawOpenFlowClient raw = RawOpenFlowClient.connect(lab.address)) {
            raw.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readUntilClosed()).as("only our HELLO before the close").hasSize(1);
        }

        assertThat(reasonOfClose()).contains("not an OpenFlow header");
        assertStillServing(sw);
    }

    @Test
    void aSwitchWhoseControllerIsSslIsClosedNamingTls() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");
        lab.ovs.useTls();

        lab.ovs.vsctl("add-br", "br1", "--", "set", "bridge", "br1", "datapath_type=dummy", "protocols=OpenFlow13",
                "fail_mode=secure", "--", "set-controller", "br1", "ssl:127.0.0.1:" + lab.address.getPort());

        assertThat(reasonOfClose()).contains("version byte 0x16 (a TLS record: the switch's controller is ssl:")
                .contains("--tls-private-key, --tls-certificate and --tls-ca-cert");
        assertStillServing(sw);
    }

    @Test
    void messageTruncatedInsideItsLengthClosesOnlyThatConnection() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        try (RawOpenFlowClient raw = RawOpenFlowClient.connect(lab.address)) {
            raw.send(factory.buildHello().build());
            // A FEATURES_REPLY whose header claims just the 8 header bytes: framed correctly, body missing.
            raw.sendBytes(new byte[] {0x04, 6, 0, 8, 0, 0, 0, 2});
            assertThat(raw.readUntilClosed()).extracting(OFMessage::getType)
                    .containsExactly(OFType.HELLO, OFType.FEATURES_REQUEST);
        }

        assertThat(reasonOfClose()).contains("undecodable OpenFlow message").contains("type 6");
        assertStillServing(sw);
    }

    @Test
    void peerOfferingOnlyOpenFlow10GetsHelloFailedAndIsClosed() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        List<OFMessage> received;
        try (RawOpenFlowClient raw = RawOpenFlowClient.connect(lab.address)) {
            raw.send(OFFactories.getFactory(OFVersion.OF_10).buildHello().build());
            received = raw.readUntilClosed();
        }

        assertThat(received).first().isInstanceOf(OFHello.class);
        assertThat(received).filteredOn(OFHelloFailedErrorMsg.class::isInstance).singleElement()
                .satisfies(m -> assertThat(((OFHelloFailedErrorMsg) m).getCode())
                        .isEqualTo(OFHelloFailedCode.INCOMPATIBLE));
        ILoggingEvent failure = lab.logs.awaitMessage(WAIT, "OpenFlow handshake failed; closing the connection");
        assertThat(LogCapture.keyValues(failure).get("reason")).contains("OF_10");
        assertStillServing(sw);
    }

    @Test
    void newerConnectionForADpidWinsAndTheOlderOnesCloseLeavesItRegistered() throws Exception {
        OpenFlowSwitch ovsFirst = lab.awaitSwitch("br0");
        DatapathId dpid = ovsFirst.dpid();

        try (RawOpenFlowClient impostor = RawOpenFlowClient.connect(lab.address)) {
            impostor.handshakeAs(dpid);
            ovsFirst.whenClosed().get(REPLY_SECONDS, TimeUnit.SECONDS);
            OpenFlowSwitch impostorSession = lab.server.getSwitch(dpid).orElseThrow();
            assertThat(impostorSession.remoteAddress().getPort()).isEqualTo(impostor.localAddress().getPort());
            assertThat(ovsFirst.isConnected()).isFalse();

            // OVS reconnects within its 1 s backoff and is now the newer connection: the impostor must be closed
            // (readUntilClosed fails if it is not).
            impostor.readUntilClosed();
            impostorSession.whenClosed().get(REPLY_SECONDS, TimeUnit.SECONDS);
            OpenFlowSwitch ovsAgain = lab.server.getSwitch(dpid).orElseThrow();
            assertThat(ovsAgain).isNotSameAs(ovsFirst).isNotSameAs(impostorSession);
            assertThat(ovsAgain.isConnected()).isTrue();
            ovsAgain.send(List.of()).get(REPLY_SECONDS, TimeUnit.SECONDS);
            assertThat(lab.server.getSwitch(dpid)).containsSame(ovsAgain);

            int first = ovsFirst.remoteAddress().getPort();
            int fake = impostor.localAddress().getPort();
            int again = ovsAgain.remoteAddress().getPort();
            assertThat(lab.logs.withMessage("A newer connection claims this DPID; closing the older one"))
                    .extracting(e -> LogCapture.keyValues(e).get("newRemote"))
                    .containsExactly(impostorSession.remoteAddress().toString(), ovsAgain.remoteAddress().toString());
            Await.until(WAIT, "five lifecycle events", () -> listener.lifecycle().size() == 5);
            assertThat(listener.lifecycle()).containsExactly("connected@" + first, "disconnected@" + first,
                    "connected@" + fake, "disconnected@" + fake, "connected@" + again);
        }
    }

    @Test
    void switchThatStopsAnsweringEchoIsDisconnectedWithinTheEchoInterval() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");

        lab.ovs.freezeSwitch();
        try {
            long frozenAt = System.nanoTime();
            sw.whenClosed().get(REPLY_SECONDS, TimeUnit.SECONDS);
            Duration detectedAfter = Duration.ofNanos(System.nanoTime() - frozenAt);

            // Interval plus timeout, with slack for a loaded two-core test machine.
            assertThat(detectedAfter).isLessThanOrEqualTo(ECHO_INTERVAL.plus(ECHO_TIMEOUT).plusSeconds(1));
            assertThat(lab.server.getSwitch(sw.dpid())).isEmpty();
            assertThat(lab.logs.withMessage("Switch did not answer an echo request; closing the connection"))
                    .singleElement().satisfies(e -> assertThat(LogCapture.keyValues(e))
                            .containsEntry("dpid", sw.dpid().toString()));
        } finally {
            lab.ovs.thawSwitch();
        }
    }

    @Test
    void aSwitchsPacketInsBeyondItsLimitAreDroppedBeforeTheyReachTheController() throws Exception {
        OpenFlowSwitch sw = lab.awaitSwitch("br0");
        sw.send(List.of(BridgeAtController.everythingToController(factory, 128))).get(REPLY_SECONDS, TimeUnit.SECONDS);
        int sent = 20;

        long start = System.nanoTime();
        for (int i = 1; i <= sent; i++) {
            lab.ovs.appctl("netdev-dummy/receive", "p1",
                    RealOvs.udpFrameFrom(String.format("02:00:00:00:00:%02x", i)));
        }

        ILoggingEvent drop = lab.logs.awaitMessage(WAIT, "packet-in rate limit reached; packet-ins dropped");
        assertThat(LogCapture.keyValues(drop)).containsEntry("dpid", sw.dpid().toString());
        Await.until(WAIT, "a second's worth of packet-ins delivered", () -> packetInsDelivered() >= PACKET_IN_LIMIT);
        // What got through by now is at most a second's worth plus what the allowance refilled since the flood began.
        double seconds = (System.nanoTime() - start) / 1e9;
        long allowance = PACKET_IN_LIMIT + (long) Math.ceil(seconds * PACKET_IN_LIMIT);
        assertThat(packetInsDelivered()).isLessThanOrEqualTo(allowance).isLessThan(sent);
    }

    private long packetInsDelivered() {
        return listener.ofKind("message").stream()
                .filter(event -> ((OFMessage) event.detail()).getType() == OFType.PACKET_IN).count();
    }

    /** The bridge's session is the same object as before, still connected, and answers a barrier. */
    private void assertStillServing(OpenFlowSwitch sw) throws Exception {
        assertThat(lab.server.getSwitch(sw.dpid())).containsSame(sw);
        assertThat(sw.isConnected()).isTrue();
        sw.send(List.of()).get(REPLY_SECONDS, TimeUnit.SECONDS);
    }

    private String reasonOfClose() {
        ILoggingEvent event = lab.logs.awaitMessage(WAIT, "Closing switch connection");
        return LogCapture.keyValues(event).get("reason");
    }

    private Map<String, String> logged(OpenFlowErrorException e) {
        return lab.logs.withMessage("Switch reported an error").stream().map(LogCapture::keyValues)
                .filter(kv -> kv.get("error").equals(e.error().toString())).findFirst().orElseThrow();
    }

    private OFFlowAdd dropFrom(int inPort, long cookie, TableId table) {
        return factory.buildFlowAdd().setTableId(table).setPriority(100).setCookie(U64.of(cookie))
                .setMatch(factory.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setInstructions(List.of()).build();
    }

    private static Set<String> portLabels(OpenFlowSwitch sw) {
        return sw.ports().values().stream().map(p -> label(p.getPortNo()) + "(" + p.getName() + ")")
                .collect(Collectors.toSet());
    }

    private static String label(OFPort port) {
        return port.equals(OFPort.LOCAL) ? "LOCAL" : Integer.toString(port.getPortNumber());
    }

    private Set<String> ofctlPortLabels(String bridge) {
        Matcher matcher = OFCTL_PORT.matcher(lab.ovs.ofctl("show", bridge));
        Set<String> labels = new HashSet<>();
        while (matcher.find()) {
            labels.add(matcher.group(1) + "(" + matcher.group(2) + ")");
        }
        return labels;
    }
}

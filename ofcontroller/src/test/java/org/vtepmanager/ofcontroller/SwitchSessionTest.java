package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vtepmanager.ofcontroller.EmbeddedSwitch.FACTORY;
import static org.vtepmanager.ofcontroller.EmbeddedSwitch.port;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchSessionTest {

    private static final DatapathId DPID = DatapathId.of(0x42);

    private final RecordingListener listener = new RecordingListener();
    private final SwitchEvents events = new SwitchEvents(Runnable::run);
    private final SwitchRegistry registry = new SwitchRegistry(events);

    SwitchSessionTest() {
        events.add(listener);
    }

    @Test
    void handshakeAsksForFeaturesConfigAndPortsAndRegistersOnlyAfterTheBarrier() {
        EmbeddedSwitch sw = new EmbeddedSwitch(registry, events, 1001);
        assertThat(sw.outbound()).extracting(OFMessage::getType).containsExactly(OFType.HELLO);

        sw.channel.writeInbound(FACTORY.buildHello().build());
        sw.channel.writeInbound(FACTORY.buildFeaturesReply().setDatapathId(DPID).setCapabilities(Set.of()).build());
        sw.channel.writeInbound(FACTORY.buildPortDescStatsReply().setFlags(Set.of())
                .setEntries(List.of(port(1, "p1"))).build());
        List<OFMessage> sent = sw.outbound();

        assertThat(sent).extracting(OFMessage::getType).containsExactly(OFType.FEATURES_REQUEST, OFType.SET_CONFIG,
                OFType.STATS_REQUEST, OFType.BARRIER_REQUEST);
        assertThat(((OFSetConfig) sent.get(1)).getMissSendLen()).isEqualTo(0xffff);
        assertThat(sent).extracting(OFMessage::getXid).doesNotHaveDuplicates();
        assertThat(registry.get(DPID)).isEmpty();

        answersBarrier(sw, sent.get(3));

        assertThat(registry.get(DPID)).containsSame(sw.session);
        assertThat(sw.session.port("p1").map(p -> p.getPortNo())).contains(OFPort.of(1));
        assertThat(listener.ofKind("connected")).extracting(RecordingListener.Event::sw).containsExactly(sw.session);
    }

    @Test
    void batchCompletesOnlyWhenItsBarrierIsAnsweredAndCallerXidsAreReplaced() {
        EmbeddedSwitch sw = active(1001);
        CompletableFuture<Void> done = sw.session.send(List.of(flow(0xcafe, 1), flow(0xcafe, 2)));
        List<OFMessage> sent = sw.outbound();

        assertThat(sent).extracting(OFMessage::getType).containsExactly(OFType.FLOW_MOD, OFType.FLOW_MOD,
                OFType.BARRIER_REQUEST);
        assertThat(sent).extracting(OFMessage::getXid).doesNotContain(0xcafeL).doesNotHaveDuplicates();
        assertThat(done).isNotDone();
        assertThat(sw.counters.messagesSent()).as("the flow-mods, not the barrier").isEqualTo(2);

        answersBarrier(sw, sent.get(2));
        assertThat(done).isCompleted();
    }

    @Test
    void errorForOneMessageFailsTheBatchAtItsBarrierNamingThatMessage() {
        EmbeddedSwitch sw = active(1001);
        OFFlowAdd bad = flow(0, 2);

        CompletableFuture<Void> done = sw.session.send(List.of(flow(0, 1), bad));
        List<OFMessage> sent = sw.outbound();
        rejects(sw, sent.get(1), OFFlowModFailedCode.BAD_TABLE_ID);
        assertThat(done).as("still waiting for the barrier").isNotDone();

        answersBarrier(sw, sent.get(2));

        assertThatThrownBy(() -> done.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(OpenFlowErrorException.class, e -> {
                    assertThat(e.request()).containsSame(bad);
                    assertThat(e.getMessage()).contains("FLOW_MOD xid=" + sent.get(1).getXid());
                    assertThat(e.dpid()).isEqualTo(DPID);
                });
    }

    @Test
    void errorIsChargedToTheBatchThatSentTheMessageWhileLaterBatchesAreStillPending() {
        EmbeddedSwitch sw = active(1001);
        OFFlowAdd bad = flow(0, 2);
        CompletableFuture<Void> first = sw.session.send(List.of(flow(0, 1), bad));
        List<OFMessage> firstSent = sw.outbound();
        CompletableFuture<Void> second = sw.session.send(List.of(flow(0, 3)));
        List<OFMessage> secondSent = sw.outbound();

        rejects(sw, firstSent.get(1), OFFlowModFailedCode.TABLE_FULL);
        answersBarrier(sw, firstSent.get(2));
        answersBarrier(sw, secondSent.get(1));

        assertThatThrownBy(first::join).cause().isInstanceOfSatisfying(OpenFlowErrorException.class,
                e -> assertThat(e.request()).containsSame(bad));
        assertThat(second).isCompleted();
        long xid = firstSent.get(0).getXid();
        assertThat(firstSent).extracting(OFMessage::getXid).as("a batch and its barrier take consecutive xids")
                .containsExactly(xid, xid + 1, xid + 2);
    }

    @Test
    void oneFlowModObjectSentToSeveralSwitchesReachesEachWholeWithThatSessionsXid() {
        EmbeddedSwitch first = active(1001, DatapathId.of(1));
        EmbeddedSwitch second = active(1002, DatapathId.of(2));
        OFFlowAdd shared = FACTORY.buildFlowAdd().setXid(0xcafe).setCookie(U64.of(7)).setTableId(TableId.of(2))
                .setPriority(100).setMatch(FACTORY.buildMatch().setExact(MatchField.ETH_DST,
                        MacAddress.of("02:00:00:00:00:01")).build()).build();

        // Sent three times in one round: encoded and kept as bytes, then copied from them twice.
        SharedEncodings round = new SharedEncodings(8);
        first.session.send(List.of(shared), round);
        second.session.send(List.of(flow(0, 1), shared), round);
        first.session.send(List.of(shared), round);
        List<OFMessage> toFirst = first.outbound();
        List<OFMessage> toSecond = second.outbound();

        List<OFMessage> flowMods = List.of(toFirst.get(0), toSecond.get(1), toFirst.get(2));
        assertThat(flowMods).allSatisfy(sent -> assertThat(sent.equalsIgnoreXid(shared)).as("%s", sent).isTrue());
        assertThat(toFirst).extracting(OFMessage::getXid).doesNotContain(0xcafeL).doesNotHaveDuplicates();
        assertThat(toSecond.get(1).getXid()).isEqualTo(toSecond.get(0).getXid() + 1);
    }

    @Test
    void aBatchThatCannotBeEncodedFailsAloneAndTheConnectionStays() {
        EmbeddedSwitch sw = active(1001);
        OFMessage unencodable = (OFMessage) Proxy.newProxyInstance(OFMessage.class.getClassLoader(),
                new Class<?>[] {OFMessage.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("cannot encode " + method.getName());
                });

        CompletableFuture<Void> broken = sw.session.send(List.of(flow(0, 1), unencodable));
        assertThat(sw.outbound()).as("nothing of the broken batch is written").isEmpty();
        CompletableFuture<Void> next = sw.session.send(List.of(flow(0, 2)));
        List<OFMessage> sent = sw.outbound();
        answersBarrier(sw, sent.get(1));

        assertThatThrownBy(broken::join).hasRootCauseMessage("cannot encode writeTo");
        assertThat(next).isCompleted();
        assertThat(sw.channel.isActive()).isTrue();
    }

    @Test
    void ofAHugeBatchOnlyTheLastRememberedMessagesAreKeptToExplainErrorsButAnyErrorFailsIt() {
        EmbeddedSwitch sw = active(1001);
        int size = PendingRequests.REMEMBERED_REQUESTS + 100;
        List<OFFlowAdd> batch = LongStream.range(0, size).mapToObj(cookie -> flow(0, cookie)).toList();
        CompletableFuture<Void> done = sw.session.send(batch);
        List<OFMessage> sent = sw.outbound();
        rejects(sw, sent.get(0), OFFlowModFailedCode.TABLE_FULL);
        rejects(sw, sent.get(size - 1), OFFlowModFailedCode.TABLE_FULL);
        answersBarrier(sw, sent.get(size));

        assertThatThrownBy(done::join).cause().isInstanceOfSatisfying(OpenFlowErrorException.class, e -> {
            assertThat(e.request()).as("the first message is older than what is remembered").isEmpty();
            assertThat(e.getSuppressed()).singleElement().isInstanceOfSatisfying(OpenFlowErrorException.class,
                    last -> assertThat(last.request()).containsSame(batch.get(size - 1)));
        });
    }

    @Test
    void multipartRepliesAreCollectedUntilThePartWithoutMore() throws Exception {
        EmbeddedSwitch sw = active(1001);

        CompletableFuture<List<OFFlowStatsReply>> replies = sw.session.sendRequest(FACTORY.buildFlowStatsRequest()
                .setMatch(FACTORY.matchWildcardAll()).build());
        long xid = sw.outbound().get(0).getXid();
        sw.channel.writeInbound(FACTORY.buildFlowStatsReply().setXid(xid)
                .setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE)).setEntries(List.of()).build());
        assertThat(replies).isNotDone();
        sw.channel.writeInbound(FACTORY.buildFlowStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of())
                .build());

        assertThat(replies.get(1, TimeUnit.SECONDS)).hasSize(2);
        assertThat(listener.ofKind("message")).as("replies are not listener messages").isEmpty();
    }

    @Test
    void partsHandedOverOneByOneArriveInOrderCountInTheBacklogAndPrecedeTheRequestsCompletion() throws Exception {
        EmbeddedSwitch sw = active(1001);
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Integer> waiting = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> done = sw.session.sendRequest(FACTORY.buildFlowStatsRequest()
                .setMatch(FACTORY.matchWildcardAll()).build(), part -> {
                    seen.add(part.getEntries().get(0).getCookie().getValue());
                    waiting.add(sw.session.messagesWaiting());
                });
        long xid = sw.outbound().get(0).getXid();
        sw.channel.writeInbound(statsPart(xid, 1, true));
        sw.channel.writeInbound(statsPart(xid, 2, true));
        assertThat(done).isNotDone();
        sw.channel.writeInbound(statsPart(xid, 3, false));

        done.get(1, TimeUnit.SECONDS);
        assertThat(seen).as("each part, handed over before the request completed").containsExactly(1L, 2L, 3L);
        assertThat(waiting).as("each part counts in the read backlog while it is handled")
                .containsOnly(SwitchSession.PART_WEIGHT);
        assertThat(sw.session.messagesWaiting()).isZero();
    }

    private static OFFlowStatsReply statsPart(long xid, long cookie, boolean more) {
        return FACTORY.buildFlowStatsReply().setXid(xid)
                .setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of())
                .setEntries(List.of(FACTORY.buildFlowStatsEntry().setCookie(U64.of(cookie)).build())).build();
    }

    @Test
    void closingTheConnectionFailsWhatIsPendingAndWhatIsSentAfterwards() {
        EmbeddedSwitch sw = active(1001);
        CompletableFuture<Void> pending = sw.session.send(List.of(flow(0, 1)));
        sw.outbound();

        sw.channel.close();

        assertThat(pending).isCompletedExceptionally();
        assertThatThrownBy(pending::join).hasCauseInstanceOf(SwitchDisconnectedException.class);
        CompletableFuture<Void> late = sw.session.send(List.of(flow(0, 2)));
        sw.outbound();
        assertThatThrownBy(late::join).hasCauseInstanceOf(SwitchDisconnectedException.class);
        assertThat(sw.session.whenClosed()).isCompleted();
        assertThat(registry.get(DPID)).isEmpty();
        assertThat(listener.lifecycle()).containsExactly("connected@1001", "disconnected@1001");
    }

    @Test
    void portStatusUpdatesThePortsAndAsynchronousMessagesReachListeners() {
        EmbeddedSwitch sw = active(1001);

        sw.channel.writeInbound(FACTORY.buildPortStatus().setReason(OFPortReason.ADD).setDesc(port(5, "vm5")).build());
        OFPacketIn packetIn = FACTORY.buildPacketIn().setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(0))
                .setCookie(U64.ZERO).setMatch(FACTORY.matchWildcardAll()).setData(new byte[14]).build();
        sw.channel.writeInbound(packetIn);

        assertThat(sw.session.port("vm5").map(p -> p.getPortNo())).contains(OFPort.of(5));
        assertThat(listener.ofKind("port " + OFPortReason.ADD)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo(port(5, "vm5")));
        assertThat(listener.ofKind("message")).extracting(RecordingListener.Event::detail).containsExactly(packetIn);
    }

    @Test
    void messageInAnotherVersionAfterActiveClosesTheConnection() {
        EmbeddedSwitch sw = active(1001);

        sw.channel.writeInbound(OFFactories.getFactory(OFVersion.OF_10).buildEchoReply().build());

        assertThat(sw.channel.isOpen()).isFalse();
        assertThat(registry.get(DPID)).isEmpty();
    }

    @Test
    void olderSessionClosingAfterATakeoverLeavesTheNewerOneRegistered() {
        EmbeddedSwitch older = active(1001);
        EmbeddedSwitch newer = active(1002);

        assertThat(older.channel.isOpen()).as("the newer connection closed the older").isFalse();
        assertThat(older.session.whenClosed()).isCompleted();
        assertThat(registry.get(DPID)).containsSame(newer.session);
        assertThat(listener.lifecycle()).containsExactly("connected@1001", "disconnected@1001", "connected@1002");

        newer.channel.close();
        assertThat(registry.get(DPID)).isEmpty();
    }

    /** Two bridges sharing a DPID replace each other at every reconnect: one WARN and one INFO, then DEBUG. */
    @Test
    void connectionsTakingEachOthersPlaceAgainAndAgainAreOneWarningAndOneConnect() {
        try (LogCapture logs = new LogCapture()) {
            active(1001);
            active(1002);
            active(1003);
            active(1004);

            assertThat(logs.warnings()).singleElement().extracting(ILoggingEvent::getMessage)
                    .isEqualTo("A newer connection claims this DPID; closing the older one");
            assertThat(logs.withMessage("Switch connected")).filteredOn(e -> e.getLevel() == Level.INFO)
                    .as("the first connect, and the first that took another's place").hasSize(2);
        }
    }

    @Test
    void handshakeThatStallsIsClosedAtTheDeadlineNamingTheState() {
        try (LogCapture logs = new LogCapture()) {
            EmbeddedSwitch sw = new EmbeddedSwitch(registry, events, 1001,
                    new HandshakeTimeoutHandler(Duration.ofSeconds(3)));
            sw.channel.freezeTime();
            sw.channel.writeInbound(FACTORY.buildHello().build());

            sw.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            sw.channel.runScheduledPendingTasks();
            assertThat(sw.channel.isOpen()).isTrue();
            sw.channel.advanceTimeBy(1, TimeUnit.SECONDS);
            sw.channel.runScheduledPendingTasks();

            assertThat(sw.channel.isOpen()).isFalse();
            assertThat(logs.withMessage("Closing switch connection")).singleElement()
                    .satisfies(e -> assertThat(LogCapture.keyValues(e)).containsEntry("state", "WAIT_FEATURES_REPLY")
                            .containsEntry("remote", "/127.0.0.1:1001"));
        }
    }

    @Test
    void activeSessionNoLongerHasAHandshakeDeadline() {
        EmbeddedSwitch sw = new EmbeddedSwitch(registry, events, 1001,
                new HandshakeTimeoutHandler(Duration.ofSeconds(3)));
        sw.channel.freezeTime();
        sw.completeHandshake(DPID);

        sw.channel.advanceTimeBy(1, TimeUnit.MINUTES);
        sw.channel.runScheduledPendingTasks();

        assertThat(sw.channel.pipeline().get(HandshakeTimeoutHandler.class)).isNull();
        assertThat(sw.channel.isOpen()).isTrue();
    }

    private EmbeddedSwitch active(int remotePort) {
        return active(remotePort, DPID);
    }

    private EmbeddedSwitch active(int remotePort, DatapathId dpid) {
        EmbeddedSwitch sw = new EmbeddedSwitch(registry, events, remotePort);
        sw.completeHandshake(dpid, port(1, "p1"));
        sw.outbound();
        return sw;
    }

    private static OFFlowAdd flow(long xid, long cookie) {
        return FACTORY.buildFlowAdd().setXid(xid).setCookie(U64.of(cookie)).setTableId(TableId.of(0)).build();
    }

    /** The switch answers the message that went out as {@code sent} with OFPT_ERROR. */
    private static void rejects(EmbeddedSwitch sw, OFMessage sent, OFFlowModFailedCode code) {
        sw.channel.writeInbound(FACTORY.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.getXid()).setCode(code)
                .build());
    }

    private static void answersBarrier(EmbeddedSwitch sw, OFMessage barrier) {
        sw.channel.writeInbound(FACTORY.buildBarrierReply().setXid(barrier.getXid()).build());
    }
}

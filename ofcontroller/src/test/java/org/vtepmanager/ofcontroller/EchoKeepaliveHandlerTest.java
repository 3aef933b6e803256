package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ofcontroller.EmbeddedSwitch.FACTORY;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

class EchoKeepaliveHandlerTest {

    private final EmbeddedChannel channel = EmbeddedSwitch.withRemote(new InetSocketAddress("127.0.0.1", 1001));

    EchoKeepaliveHandlerTest() {
        // Time is frozen before the handlers start their clocks, so "999 ms later" is exact.
        EmbeddedSwitch.register(channel);
        channel.freezeTime();
        channel.pipeline().addLast(new IdleStateHandler(1, 0, 0, TimeUnit.SECONDS),
                new EchoKeepaliveHandler(EmbeddedSwitch.MESSAGES, Duration.ofSeconds(1)));
    }

    @Test
    void silentPeerGetsAnEchoRequestAfterTheIntervalAndIsClosedAfterTheTimeout() {
        try (LogCapture logs = new LogCapture()) {
            elapse(Duration.ofMillis(999));
            assertThat(channel.<Object>readOutbound()).as("not idle yet").isNull();

            elapse(Duration.ofMillis(1));
            assertThat(((OFMessage) channel.readOutbound()).getType()).isEqualTo(OFType.ECHO_REQUEST);
            elapse(Duration.ofMillis(999));
            assertThat(channel.isOpen()).isTrue();

            elapse(Duration.ofMillis(1));
            assertThat(channel.isOpen()).isFalse();
            assertThat(logs.withMessage("Switch did not answer an echo request; closing the connection"))
                    .singleElement().satisfies(e -> assertThat(LogCapture.keyValues(e))
                            .containsEntry("remote", "/127.0.0.1:1001"));
        }
    }

    @Test
    void anyMessageAfterTheEchoRequestProvesThePeerAlive() {
        elapse(Duration.ofSeconds(1));
        OFMessage anyMessage = FACTORY.buildBarrierReply().build();

        channel.writeInbound(anyMessage);
        elapse(Duration.ofSeconds(1));

        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.<Object>readInbound()).as("passed on to the session").isSameAs(anyMessage);
    }

    @Test
    void whileReadingIsPausedEchoRequestsKeepGoingOutAndTheSilenceNeverClosesTheConnection() {
        channel.config().setAutoRead(false);

        for (int second = 1; second <= 5; second++) {
            elapse(Duration.ofSeconds(1));
            assertThat(((OFMessage) channel.readOutbound()).getType()).as("second %d", second)
                    .isEqualTo(OFType.ECHO_REQUEST);
        }
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aProbeOutstandingWhenReadingPausesDoesNotCloseAndProbingStartsOverOnResume() {
        elapse(Duration.ofSeconds(1));
        assertThat(((OFMessage) channel.readOutbound()).getType()).isEqualTo(OFType.ECHO_REQUEST);
        channel.config().setAutoRead(false);
        elapse(Duration.ofSeconds(1));
        assertThat(channel.isOpen()).as("the reply may wait unread").isTrue();

        channel.config().setAutoRead(true);
        elapse(Duration.ofSeconds(1));
        assertThat(channel.isOpen()).as("probed again, not closed at once").isTrue();
        elapse(Duration.ofSeconds(1));
        assertThat(channel.isOpen()).as("silent through a whole probe after the resume").isFalse();
    }

    @Test
    void echoReplyIsConsumedHere() {
        channel.writeInbound(FACTORY.buildEchoReply().setXid(3).build());

        assertThat(channel.<Object>readInbound()).isNull();
    }

    @Test
    void switchsEchoRequestIsAnsweredWithItsXidAndDataAndNotPassedOn() {
        channel.writeInbound(FACTORY.buildEchoRequest().setXid(77).setData(new byte[] {1, 2, 3}).build());

        OFEchoReply reply = channel.readOutbound();
        assertThat(reply.getXid()).isEqualTo(77);
        assertThat(reply.getData()).containsExactly(1, 2, 3);
        assertThat((OFEchoRequest) channel.readInbound()).isNull();
    }

    private void elapse(Duration duration) {
        channel.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }
}

package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

/** The pause and resume decisions, on an embedded channel whose pending tasks the test runs itself. */
class ReadBacklogTest {

    private static final int LIMIT = 4;

    private final EmbeddedChannel channel = EmbeddedSwitch.withRemote(new InetSocketAddress("127.0.0.1", 6653));
    private final ReadBacklog backlog = new ReadBacklog(LIMIT, channel);
    private final LogCapture logs = new LogCapture();

    ReadBacklogTest() {
        EmbeddedSwitch.register(channel);
        channel.attr(SwitchLog.DPID).set(DatapathId.of(0x42));
    }

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
        logs.close();
    }

    @Test
    void readingPausesWhenLimitManyMessagesWaitAndNotBefore() {
        handOver(LIMIT - 1);
        assertThat(channel.config().isAutoRead()).isTrue();

        handOver(1);

        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(backlog.waiting()).isEqualTo(LIMIT);
        assertThat(logs.withMessage("switch's messages wait for the controller; reading from it paused"))
                .singleElement().satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.INFO);
                    assertThat(LogCapture.keyValues(event)).containsEntry("dpid", DatapathId.of(0x42).toString());
                });
    }

    @Test
    void readingResumesOnlyOnceHalfOfTheWaitingMessagesAreHandled() {
        handOver(LIMIT);

        handle(LIMIT / 2 - 1);
        assertThat(channel.config().isAutoRead()).isFalse();

        handle(1);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(backlog.waiting()).isEqualTo(LIMIT / 2);
    }

    @Test
    void messagesReadBeforeTheResumeRanKeepReadingPausedUntilTheMarkIsPassedAgain() {
        handOver(LIMIT);
        backlog.handled();
        backlog.handled();
        // The last read of the paused connection still hands over what it framed, before the resume runs.
        backlog.handedOver();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse();

        handle(1);

        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aSecondPauseIsLoggedOnlyAtDebug() {
        handOver(LIMIT);
        handle(LIMIT / 2);

        handOver(LIMIT / 2);

        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(logs.withMessage("switch's messages wait for the controller; reading from it paused"))
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO)).hasSize(1);
        assertThat(logs.withMessage("switch's messages wait for the controller; reading from it paused"))
                .extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.DEBUG);
    }

    @Test
    void aWeightedHandOverPausesReadingAndItsHandlingResumesItWhenTheCountJumpsPastTheMark() {
        backlog.handedOver(1);
        backlog.handedOver(LIMIT);
        assertThat(channel.config().isAutoRead()).isFalse();

        backlog.handled(LIMIT);
        channel.runPendingTasks();

        assertThat(channel.config().isAutoRead()).as("from %d waiting straight to 1", LIMIT + 1).isTrue();
        assertThat(backlog.waiting()).isEqualTo(1);
    }

    private void handOver(int messages) {
        for (int i = 0; i < messages; i++) {
            backlog.handedOver();
        }
    }

    /** Handled as the controller's thread does, then the resume it may have handed to the event loop runs. */
    private void handle(int messages) {
        for (int i = 0; i < messages; i++) {
            backlog.handled();
        }
        channel.runPendingTasks();
    }
}

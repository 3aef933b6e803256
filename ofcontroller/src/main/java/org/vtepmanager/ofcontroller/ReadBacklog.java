package org.vtepmanager.ofcontroller;

import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what one switch has waiting for the controller's thread. At {@code limit} messages handed over and not yet
 * handled, the connection stops reading until half of them are; TCP then pushes back on the switch, which queues
 * and at last drops packet-ins itself, as Open vSwitch does for any slow controller. Without it every switch's
 * messages within its packet-in limit went into the controller's one queue however far behind it was: many switches
 * each sending just under the limit grew that queue, the heap and every other switch's latency without bound.
 *
 * <p>What the last read already framed still goes on after a pause (at most one socket read's worth), so a
 * switch's backlog stays below the limit plus one read. Counted on the event loop, handled on the controller's
 * thread: the count is atomic, and the pause itself is only touched on the event loop.
 */
final class ReadBacklog {

    private static final Logger log = LoggerFactory.getLogger(ReadBacklog.class);

    private final int limit;
    private final int resumeAt;
    private final Channel channel;
    private final AtomicInteger waiting = new AtomicInteger();
    private boolean paused;
    private boolean reported;

    ReadBacklog(int limit, Channel channel) {
        this.limit = limit;
        this.resumeAt = limit / 2;
        this.channel = channel;
    }

    /** On the event loop: one more message is on its way to the controller's thread. */
    void handedOver() {
        handedOver(1);
    }

    /** On the event loop: {@code weight} messages' worth is on its way to the controller's thread. */
    void handedOver(int weight) {
        if (waiting.addAndGet(weight) >= limit && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
            SwitchLog.tag(reported ? log.atDebug() : log.atInfo(), channel).addKeyValue("waiting", limit)
                    .log("switch's messages wait for the controller; reading from it paused");
            reported = true;
        }
    }

    /**
     * On any thread: the controller is done with one. Passing the resume mark hands the resume to the event loop;
     * a message read meanwhile may put the count above it again, and then a later pass resumes.
     */
    void handled() {
        handled(1);
    }

    /** As {@link #handled()}, for {@code weight} messages' worth. */
    void handled(int weight) {
        int now = waiting.addAndGet(-weight);
        if (now <= resumeAt && now + weight > resumeAt) {
            try {
                channel.eventLoop().execute(this::resumeIfDrained);
            } catch (RejectedExecutionException closed) {
                // The connection's event loop is shut down: there is nothing left to resume.
            }
        }
    }

    private void resumeIfDrained() {
        if (paused && waiting.get() <= resumeAt) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    /** Messages handed over and not yet handled. */
    int waiting() {
        return waiting.get();
    }
}

package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.vtepmanager.web.push.EventFeed;
import org.vtepmanager.web.push.FeedEntry;

/** The shared ring every event stream reads from by its own cursor. */
class EventFeedTest {

    private final EventFeed feed = new EventFeed(3, Clock.systemUTC());

    @Test
    void aReaderGetsWhatCameAfterItsCursorOldestFirstAndAtMostTheLimit() {
        for (int i = 1; i <= 3; i++) {
            feed.append("test", FeedEntry.Level.INFO, "s" + i, "entry " + i);
        }
        assertThat(feed.since(1, 10).entries()).extracting(FeedEntry::text).containsExactly("entry 2", "entry 3");
        assertThat(feed.since(0, 2).entries()).extracting(FeedEntry::seq).containsExactly(1L, 2L);
        assertThat(feed.since(3, 10).entries()).isEmpty();
        assertThat(feed.since(0, 10).gap()).isFalse();
    }

    @Test
    void aReaderThatFellBehindTheRingIsToldOfTheGapAndGetsWhatIsLeft() {
        for (int i = 1; i <= 5; i++) {
            feed.append("test", FeedEntry.Level.INFO, "s" + i, "entry " + i);
        }
        EventFeed.Slice slice = feed.since(1, 10);
        assertThat(slice.gap()).isTrue();
        assertThat(slice.entries()).extracting(FeedEntry::seq).containsExactly(3L, 4L, 5L);
        assertThat(feed.since(2, 10).gap()).isFalse();
    }

    @Test
    void aNewPageGetsEveryEntryStillKeptAndNoGap() {
        for (int i = 1; i <= 5; i++) {
            feed.append("test", FeedEntry.Level.INFO, "s" + i, "entry " + i);
        }
        EventFeed.Slice slice = feed.since(feed.cursorFor(null), 10);

        assertThat(slice.gap()).isFalse();
        assertThat(slice.entries()).extracting(FeedEntry::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aPageResumesAfterAnIdOfThisRunOnly() {
        for (int i = 1; i <= 3; i++) {
            feed.append("test", FeedEntry.Level.INFO, "s" + i, "entry " + i);
        }
        EventFeed before = new EventFeed(3, Clock.systemUTC());
        FeedEntry seenBeforeARestart = before.append("test", FeedEntry.Level.INFO, "s", "from the last run");
        String seen = feed.eventId(feed.since(1, 1).entries().get(0));

        assertThat(feed.cursorFor(seen)).isEqualTo(2);
        assertThat(feed.cursorFor(before.eventId(seenBeforeARestart))).as("another run's id").isZero();
        assertThat(feed.cursorFor(seen.replace("-2", "-800"))).as("ahead of this run").isZero();
        assertThat(feed.cursorFor("7")).as("not an id of ours").isZero();
    }

    @Test
    void topologyChangesAreCountedNotQueued() {
        feed.changed();
        feed.changed();
        assertThat(feed.since(0, 10).changes()).isEqualTo(2);
        assertThat(feed.since(0, 10).entries()).isEmpty();
    }
}

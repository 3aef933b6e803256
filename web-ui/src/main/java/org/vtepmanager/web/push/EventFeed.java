package org.vtepmanager.web.push;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the push channel serves: the last {@code capacity} events and a counter of topology changes. Written from
 * any thread (store commits, southbound sessions), read on event loops; every method holds the lock only to copy
 * a few references, so nothing waits on it for long.
 */
public final class EventFeed {

    /** Entries after a cursor; {@code gap} when some the reader had not seen were already dropped from the ring. */
    public record Slice(List<FeedEntry> entries, boolean gap, long changes) {
    }

    private final FeedEntry[] ring;
    private final Clock clock;
    /**
     * Starts every event id, so that a page reconnecting after a manager restart is not taken for one that already
     * saw the new run's first events (numbering starts again at 1).
     */
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
    private long lastSeq;
    private long changes;

    public EventFeed(int capacity, Clock clock) {
        this.ring = new FeedEntry[capacity];
        this.clock = clock;
    }

    public synchronized FeedEntry append(String kind, FeedEntry.Level level, String subject, String text) {
        FeedEntry entry = new FeedEntry(++lastSeq, clock.millis(), kind, level, subject, text);
        ring[slot(entry.seq())] = entry;
        return entry;
    }

    /** The topology changed: clients should fetch it again. Many calls between two flushes cost one fetch. */
    public synchronized void changed() {
        changes++;
    }

    /** Entries with a sequence number above {@code afterSeq}, oldest first, at most {@code limit} of them. */
    public synchronized Slice since(long afterSeq, int limit) {
        long oldestKept = Math.max(1, lastSeq - ring.length + 1);
        long first = Math.max(afterSeq + 1, oldestKept);
        long last = Math.min(lastSeq, first + limit - 1);
        List<FeedEntry> entries = new ArrayList<>((int) Math.max(0, last - first + 1));
        for (long seq = first; seq <= last; seq++) {
            entries.add(ring[slot(seq)]);
        }
        return new Slice(entries, afterSeq + 1 < oldestKept, changes);
    }

    /** The id the event stream gives this entry. */
    public String eventId(FeedEntry entry) {
        return run + entry.seq();
    }

    /**
     * The cursor of a new stream: after the entry {@code lastEventId} names (a reconnecting page's Last-Event-ID)
     * if it is one of this run's; otherwise, for a new page or one from before a restart, before the oldest entry
     * kept, so it gets them all and no gap.
     */
    public synchronized long cursorFor(String lastEventId) {
        long fresh = Math.max(0, lastSeq - ring.length);
        if (lastEventId == null || !lastEventId.startsWith(run)) {
            return fresh;
        }
        try {
            long seq = Long.parseLong(lastEventId.substring(run.length()));
            return seq >= 0 && seq <= lastSeq ? seq : fresh;
        } catch (NumberFormatException e) {
            return fresh;
        }
    }

    public synchronized long changes() {
        return changes;
    }

    private int slot(long seq) {
        return (int) ((seq - 1) % ring.length);
    }
}

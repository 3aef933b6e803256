package org.vtepmanager.core.mac;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.MacLocation;

/**
 * The MAC table of one network: MAC → location, source, last seen, move history.
 *
 * <p>Entries are {@link MacRecords} of three words (the MAC with its source, the location's id in the table's
 * {@link LocationPool}, last seen): a learn allocates nothing and an entry costs a few dozen bytes, where a
 * {@code HashMap<MacAddress, Entry>} would cost several objects per MAC. Move history (the damping window, when a
 * damped entry is released, how often it moved) lives in a second table of records, kept only for MACs that have
 * moved: most MACs never do, and their entries stay three words. Time is passed in, never read, so aging and
 * damping are deterministic to test. Not thread-safe: its owner serializes access.
 */
public final class MacTable {

    private static final MacSource[] SOURCES = MacSource.values();
    private static final int NONE = MacRecords.NONE;
    /** An entry's words after its MAC and source. */
    private static final int LOCATION = 1;
    private static final int LAST_SEEN = 2;
    private static final int ENTRY_WORDS = 3;
    /** A move history's words after its MAC. */
    private static final int WINDOW_START = 1;
    private static final int DAMPED_UNTIL = 2;
    /** Moves since the window started (low 32 bits) and since the MAC was first seen (high 32). */
    private static final int MOVE_COUNTS = 3;
    private static final int HISTORY_WORDS = 4;

    private final Vni vni;
    private final MacTableConfig config;
    private final LocationPool locations = new LocationPool();
    private final MacRecords entries = new MacRecords(ENTRY_WORDS);
    private final MacRecords moves = new MacRecords(HISTORY_WORDS);
    private int[] perPort = new int[16];
    private long refusedMoves;
    /** See {@link #movedFrom}. */
    private MacLocation movedFrom;

    public MacTable(Vni vni, MacTableConfig config) {
        this.vni = vni;
        this.config = config;
    }

    public Vni vni() {
        return vni;
    }

    /**
     * Records that {@code mac} was seen at {@code location} at {@code nowMillis}.
     *
     * @param source {@link MacSource#LEARNED} or {@link MacSource#HARDWARE_VTEP}; static entries use {@link #putStatic}
     */
    public LearnOutcome learn(long mac, MacLocation location, MacSource source, long nowMillis) {
        if (source == MacSource.STATIC) {
            throw new IllegalArgumentException("source: static MACs are added with putStatic, not learned");
        }
        int locationId = locations.intern(location);
        int entry = entries.find(mac);
        if (entry == NONE) {
            return insert(mac, locationId, source, nowMillis);
        }
        if (locationOf(entry) == locationId) {
            entries.set(entry, LAST_SEEN, nowMillis);
            return LearnOutcome.REFRESHED;
        }
        if (entries.flags(entry) == MacSource.STATIC.ordinal()) {
            return LearnOutcome.STATIC_PINNED;
        }
        return move(entry, locationId, source, nowMillis);
    }

    /** Pins {@code mac} at {@code location}, replacing any learned entry; limits do not apply to the operator. */
    public void putStatic(long mac, MacLocation location, long nowMillis) {
        remove(mac);
        occupy(mac, locations.intern(location), MacSource.STATIC, nowMillis);
    }

    /** Forgets {@code mac} and its move history; true when it was present. */
    public boolean remove(long mac) {
        int entry = entries.find(mac);
        if (entry == NONE) {
            return false;
        }
        removeEntry(entry);
        return true;
    }

    /** Forgets {@code mac} if it is still where {@code where} said and is not static; true when it was removed. */
    public boolean forget(long mac, MacLocation where) {
        int entry = entries.find(mac);
        if (entry == NONE || entries.flags(entry) == MacSource.STATIC.ordinal()
                || !locations.location(locationOf(entry)).equals(where)) {
            return false;
        }
        removeEntry(entry);
        return true;
    }

    /**
     * Forgets every entry not pinned by intent whose location {@code gone} accepts; returns their MACs. A table
     * without such a location is not walked: a port deleted on one switch sweeps every network's table.
     */
    public List<MacAddress> forgetWhere(Predicate<MacLocation> gone) {
        BitSet goneLocations = locations.matching(gone);
        if (goneLocations.isEmpty()) {
            return List.of();
        }
        List<Long> doomed = new ArrayList<>();
        for (int entry = 0; entry < entries.slots(); entry++) {
            if (entries.held(entry) && entries.flags(entry) != MacSource.STATIC.ordinal()
                    && goneLocations.get(locationOf(entry))) {
                doomed.add(entries.mac(entry));
            }
        }
        // Removed once found, not while walking the slots: a removal may move a later entry into a walked slot.
        List<MacAddress> forgotten = new ArrayList<>(doomed.size());
        for (long mac : doomed) {
            removeEntry(entries.find(mac));
            forgotten.add(new MacAddress(mac));
        }
        return forgotten;
    }

    public Optional<MacEntry> lookup(long mac) {
        return lookup(mac, 0);
    }

    /** The entry of {@code mac}, its times moved by {@code shiftMillis} (from the clock kept to the one shown). */
    public Optional<MacEntry> lookup(long mac, long shiftMillis) {
        int entry = entries.find(mac);
        return entry == NONE ? Optional.empty() : Optional.of(entry(entry, shiftMillis));
    }

    public List<MacEntry> entries() {
        return entries(0);
    }

    /** Every entry, its times moved by {@code shiftMillis}, as {@link #lookup(long, long)}. */
    public List<MacEntry> entries(long shiftMillis) {
        List<MacEntry> all = new ArrayList<>(entries.size());
        for (int entry = 0; entry < entries.slots(); entry++) {
            if (entries.held(entry)) {
                all.add(entry(entry, shiftMillis));
            }
        }
        return all;
    }

    public int size() {
        return entries.size();
    }

    /**
     * Where the last learn that returned {@link LearnOutcome#MOVED} took its MAC from: kept by the move itself, so
     * telling a move costs no second probe and a learn that is not a move nothing at all.
     */
    MacLocation movedFrom() {
        return movedFrom;
    }

    /** Moves refused because the entry was damped, since the table was created. */
    public long refusedMoves() {
        return refusedMoves;
    }

    private void removeEntry(int entry) {
        int history = historyOf(entries.mac(entry));
        countPort(locationOf(entry), -1);
        entries.remove(entry);
        if (history != NONE) {
            moves.remove(history);
        }
    }

    private LearnOutcome insert(long mac, int locationId, MacSource source, long nowMillis) {
        if (entries.size() >= config.maxPerVni()) {
            return LearnOutcome.VNI_FULL;
        }
        if (portFull(locationId)) {
            return LearnOutcome.PORT_FULL;
        }
        occupy(mac, locationId, source, nowMillis);
        return LearnOutcome.LEARNED;
    }

    private LearnOutcome move(int entry, int locationId, MacSource source, long nowMillis) {
        long mac = entries.mac(entry);
        int history = historyOf(mac);
        if (history != NONE && moves.get(history, DAMPED_UNTIL) > nowMillis) {
            refusedMoves++;
            return LearnOutcome.DAMPED;
        }
        if (portFull(locationId)) {
            return LearnOutcome.PORT_FULL;
        }
        if (history == NONE) {
            history = moves.claim(mac);
        }
        if (!countMove(history, nowMillis)) {
            refusedMoves++;
            return LearnOutcome.DAMPED;
        }
        movedFrom = locations.location(locationOf(entry));
        countPort(locationOf(entry), -1);
        countPort(locationId, +1);
        entries.set(entry, LOCATION, locationId);
        entries.setFlags(entry, source.ordinal());
        entries.set(entry, LAST_SEEN, nowMillis);
        return LearnOutcome.MOVED;
    }

    /**
     * Counts a move in the MAC's window, starting a new window when the last has passed or a hold has just ended
     * (else, with a hold shorter than the window, the moves that caused the hold would damp the first move after
     * it again); false, and the MAC damped for the hold time, when the window then holds more moves than allowed.
     */
    private boolean countMove(int history, long nowMillis) {
        long counts = moves.get(history, MOVE_COUNTS);
        int recent = IntPair.low(counts);
        int total = IntPair.high(counts);
        boolean released = moves.get(history, DAMPED_UNTIL) != 0;
        if (released || nowMillis - moves.get(history, WINDOW_START) >= config.moveWindow().toMillis()) {
            moves.set(history, WINDOW_START, nowMillis);
            moves.set(history, DAMPED_UNTIL, 0);
            recent = 0;
        }
        recent++;
        boolean allowed = recent <= config.maxMoves();
        if (allowed) {
            total++;
        } else {
            moves.set(history, DAMPED_UNTIL, nowMillis + config.holdTime().toMillis());
        }
        moves.set(history, MOVE_COUNTS, IntPair.of(recent, total));
        return allowed;
    }

    private boolean portFull(int locationId) {
        int port = locations.portOf(locationId);
        return port != LocationPool.NO_PORT && port < perPort.length && perPort[port] >= config.maxPerPort();
    }

    private void countPort(int locationId, int delta) {
        int port = locations.portOf(locationId);
        if (port == LocationPool.NO_PORT) {
            return;
        }
        if (port >= perPort.length) {
            perPort = Arrays.copyOf(perPort, Math.max(port + 1, perPort.length * 2));
        }
        perPort[port] += delta;
    }

    /** Adds an entry for {@code mac}, which must be absent; it has no move history (a removal took it). */
    private void occupy(long mac, int locationId, MacSource source, long nowMillis) {
        int entry = entries.claim(mac);
        entries.setFlags(entry, source.ordinal());
        entries.set(entry, LOCATION, locationId);
        entries.set(entry, LAST_SEEN, nowMillis);
        countPort(locationId, +1);
    }

    /** The MAC's move history, or {@link MacRecords#NONE}; without a probe while no MAC has moved. */
    private int historyOf(long mac) {
        return moves.size() == 0 ? NONE : moves.find(mac);
    }

    private int locationOf(int entry) {
        return (int) entries.get(entry, LOCATION);
    }

    private MacEntry entry(int entry, long shiftMillis) {
        long mac = entries.mac(entry);
        int history = historyOf(mac);
        int moved = history == NONE ? 0 : IntPair.high(moves.get(history, MOVE_COUNTS));
        long dampedUntil = history == NONE ? 0 : moves.get(history, DAMPED_UNTIL);
        return new MacEntry(vni, new MacAddress(mac), locations.location(locationOf(entry)),
                SOURCES[entries.flags(entry)], entries.get(entry, LAST_SEEN) + shiftMillis, moved,
                dampedUntil == 0 ? 0 : dampedUntil + shiftMillis);
    }
}

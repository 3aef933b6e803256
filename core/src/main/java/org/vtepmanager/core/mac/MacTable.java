package org.vtepmanager.core.mac;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.MacLocation;

/**
 * The MAC table of one network: MAC → location, source, last seen, move history.
 *
 * <p>Entries live in parallel primitive arrays of an open-addressing hash table (linear probing, backward-shift
 * deletion) keyed by the MAC as a long: a learn allocates nothing and an entry costs well under 150 bytes, where a
 * {@code HashMap<MacAddress, Entry>} would cost several objects per MAC. Time is passed in, never read, so aging and
 * damping are deterministic to test. Not thread-safe: its owner serializes access.
 */
public final class MacTable {

    private static final int EMPTY = 0;
    private static final MacSource[] SOURCES = MacSource.values();

    private final Vni vni;
    private final MacTableConfig config;
    private final LocationPool locations = new LocationPool();
    private int[] perPort = new int[16];
    private int size;
    private long refusedMoves;

    private MacSlots slots = new MacSlots(ArrayCapacity.INITIAL);

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
        int slot = find(mac);
        if (slot < 0) {
            return insert(mac, locationId, source, nowMillis);
        }
        if (slots.locationIds[slot] == locationId) {
            slots.lastSeen[slot] = nowMillis;
            return LearnOutcome.REFRESHED;
        }
        if (slots.sources[slot] == MacSource.STATIC.ordinal()) {
            return LearnOutcome.STATIC_PINNED;
        }
        return move(slot, locationId, source, nowMillis);
    }

    /** Pins {@code mac} at {@code location}, replacing any learned entry; limits do not apply to the operator. */
    public void putStatic(long mac, MacLocation location, long nowMillis) {
        remove(mac);
        int slot = occupy(mac, locations.intern(location));
        slots.sources[slot] = (byte) MacSource.STATIC.ordinal();
        slots.lastSeen[slot] = nowMillis;
    }

    /** Forgets {@code mac}; true when it was present. */
    public boolean remove(long mac) {
        int slot = find(mac);
        if (slot < 0) {
            return false;
        }
        removeSlot(slot);
        return true;
    }

    public Optional<MacEntry> lookup(long mac) {
        int slot = find(mac);
        return slot < 0 ? Optional.empty() : Optional.of(entry(slot));
    }

    public List<MacEntry> entries() {
        List<MacEntry> entries = new ArrayList<>(size);
        for (int slot = 0; slot < slots.macs.length; slot++) {
            if (slots.locationIds[slot] != EMPTY) {
                entries.add(entry(slot));
            }
        }
        return entries;
    }

    public int size() {
        return size;
    }

    /** Moves refused because the entry was damped, since the table was created. */
    public long refusedMoves() {
        return refusedMoves;
    }

    private LearnOutcome insert(long mac, int location, MacSource source, long nowMillis) {
        if (size >= config.maxPerVni()) {
            return LearnOutcome.VNI_FULL;
        }
        if (portFull(location)) {
            return LearnOutcome.PORT_FULL;
        }
        int slot = occupy(mac, location);
        slots.sources[slot] = (byte) source.ordinal();
        slots.lastSeen[slot] = nowMillis;
        return LearnOutcome.LEARNED;
    }

    private LearnOutcome move(int slot, int location, MacSource source, long nowMillis) {
        if (slots.dampedUntil[slot] > nowMillis) {
            refusedMoves++;
            return LearnOutcome.DAMPED;
        }
        if (portFull(location)) {
            return LearnOutcome.PORT_FULL;
        }
        if (nowMillis - slots.windowStart[slot] >= config.moveWindow().toMillis()) {
            slots.windowStart[slot] = nowMillis;
            slots.recentMoves[slot] = 0;
        }
        if (++slots.recentMoves[slot] > config.maxMoves()) {
            slots.dampedUntil[slot] = nowMillis + config.holdTime().toMillis();
            refusedMoves++;
            return LearnOutcome.DAMPED;
        }
        countPort(slots.locationIds[slot], -1);
        countPort(location, +1);
        slots.locationIds[slot] = location;
        slots.sources[slot] = (byte) source.ordinal();
        slots.lastSeen[slot] = nowMillis;
        slots.totalMoves[slot]++;
        return LearnOutcome.MOVED;
    }

    private boolean portFull(int location) {
        int port = locations.portOf(location);
        return port != LocationPool.NO_PORT && port < perPort.length && perPort[port] >= config.maxPerPort();
    }

    private void countPort(int location, int delta) {
        int port = locations.portOf(location);
        if (port == LocationPool.NO_PORT) {
            return;
        }
        if (port >= perPort.length) {
            perPort = Arrays.copyOf(perPort, Math.max(port + 1, perPort.length * 2));
        }
        perPort[port] += delta;
    }

    /** Claims a fresh slot for {@code mac} (which must be absent) with move history cleared. */
    private int occupy(long mac, int location) {
        if (size + 1 > slots.macs.length * 3 / 4) {
            resize();
        }
        int slot = home(mac);
        while (slots.locationIds[slot] != EMPTY) {
            slot = next(slot);
        }
        slots.macs[slot] = mac;
        slots.locationIds[slot] = location;
        slots.recentMoves[slot] = 0;
        slots.windowStart[slot] = 0;
        slots.dampedUntil[slot] = 0;
        slots.totalMoves[slot] = 0;
        size++;
        countPort(location, +1);
        return slot;
    }

    private int find(long mac) {
        for (int slot = home(mac); slots.locationIds[slot] != EMPTY; slot = next(slot)) {
            if (slots.macs[slot] == mac) {
                return slot;
            }
        }
        return -1;
    }

    private int home(long mac) {
        return LinearProbing.home(mac, slots.macs.length);
    }

    private int next(int slot) {
        return LinearProbing.next(slot, slots.macs.length);
    }

    private void removeSlot(int slot) {
        countPort(slots.locationIds[slot], -1);
        size--;
        int hole = slot;
        for (int next = next(hole); slots.locationIds[next] != EMPTY; next = next(next)) {
            if (LinearProbing.mayFill(hole, home(slots.macs[next]), next, slots.macs.length)) {
                slots.copy(next, slots, hole);
                hole = next;
            }
        }
        slots.locationIds[hole] = EMPTY;
    }

    private void resize() {
        MacSlots old = slots;
        slots = new MacSlots(ArrayCapacity.grown(old.macs.length));
        for (int slot = 0; slot < old.macs.length; slot++) {
            if (old.locationIds[slot] != EMPTY) {
                int to = home(old.macs[slot]);
                while (slots.locationIds[to] != EMPTY) {
                    to = next(to);
                }
                old.copy(slot, slots, to);
            }
        }
    }

    /** How many slots the table's arrays have. */
    int capacity() {
        return slots.macs.length;
    }

    private MacEntry entry(int slot) {
        return new MacEntry(vni, new MacAddress(slots.macs[slot]), locations.location(slots.locationIds[slot]),
                SOURCES[slots.sources[slot]], slots.lastSeen[slot], slots.totalMoves[slot], slots.dampedUntil[slot]);
    }
}

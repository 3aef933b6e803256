package org.vtepmanager.core.mac;

import java.net.InetAddress;
import java.util.Optional;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.MacLocation;

/**
 * A snapshot of one MAC table entry, built only when read: the table itself keeps entries in primitive arrays.
 *
 * @param moves how often learning moved this MAC since it was first seen
 * @param dampedUntilMillis until when moves are refused; 0 when the entry is not damped
 */
public record MacEntry(Vni vni, MacAddress mac, MacLocation location, MacSource source, long lastSeenMillis,
        int moves, long dampedUntilMillis, Optional<InetAddress> ip) {

    public MacEntry {
        ip = ip == null ? Optional.empty() : ip;
    }

    /** An entry whose IP is not known (from the ARP table). */
    public MacEntry(Vni vni, MacAddress mac, MacLocation location, MacSource source, long lastSeenMillis, int moves,
            long dampedUntilMillis) {
        this(vni, mac, location, source, lastSeenMillis, moves, dampedUntilMillis, Optional.empty());
    }

    MacEntry withIp(Optional<InetAddress> address) {
        return new MacEntry(vni, mac, location, source, lastSeenMillis, moves, dampedUntilMillis, address);
    }
}

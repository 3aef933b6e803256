package org.vtepmanager.core.mac;

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
        int moves, long dampedUntilMillis) {
}

package org.vtepmanager.core.mac;

import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/**
 * Told which MAC changed where it lives (learned, moved, forgotten, pinned or unpinned), so that a southbound can
 * reprogram just that MAC. Called after the tables' lock is released, on the thread that made the change:
 * implementations must return quickly and not block. Network-wide changes reach {@link MacTableListener}s only.
 */
@FunctionalInterface
public interface MacListener {

    void macChanged(Vni vni, MacAddress mac);

    /**
     * Told that the IPs {@code mac} claims in ARP changed: it claimed one, another MAC took one from it, or one aged
     * out. For a southbound that publishes IPs with MACs (a ToR's remote MACs); others need not listen.
     */
    default void claimsChanged(Vni vni, MacAddress mac) {
    }
}

package org.vtepmanager.core.mac;

import org.vtepmanager.core.Vni;

/**
 * Told when a network's MAC or ARP table changed where a MAC lives or which IP it claims (a new entry, a move, a
 * removal, aging; not a refresh). Called after the tables' lock is released, on the thread that made the change:
 * implementations must return quickly and not block.
 */
@FunctionalInterface
public interface MacTableListener {

    void changed(Vni vni);
}

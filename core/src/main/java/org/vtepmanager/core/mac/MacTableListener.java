package org.vtepmanager.core.mac;

import org.vtepmanager.core.Vni;

/**
 * Told that the MAC table of {@code vni} changed (a MAC learned, moved, forgotten, pinned or unpinned, or the network
 * deleted). Called with the tables' lock held: implementations hand the work to their own thread and return.
 */
@FunctionalInterface
public interface MacTableListener {

    void changed(Vni vni);
}

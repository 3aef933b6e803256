package org.vtepmanager.core.mac;

import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.MacLocation;

/** Hears of a MAC that a learn moved, whichever southbound learned it; called outside the tables' lock. */
@FunctionalInterface
public interface MacMoveListener {

    void macMoved(Vni vni, MacAddress mac, MacLocation from, MacLocation to);
}

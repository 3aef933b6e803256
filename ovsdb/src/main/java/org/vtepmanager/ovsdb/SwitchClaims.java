package org.vtepmanager.ovsdb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One switch database, one managing session. The first session to show a database (by the UUID of a row it has
 * exactly one of: a ToR's Physical_Switch, a hypervisor's Open_vSwitch; the same through any session, different
 * between databases even when two ToRs both call themselves br0) manages it; another session to the same database
 * (a switch registered by target that also runs set-manager) is left alone until the first ends: two sessions
 * writing one database would undo each other's rows as fast as they were written.
 */
final class SwitchClaims {

    private final Map<String, String> holders = new ConcurrentHashMap<>();

    /** The peer that manages the database {@code identity}: {@code peer} itself when it is the first to show it. */
    String claim(String identity, String peer) {
        return holders.computeIfAbsent(identity, n -> peer);
    }

    /** {@code peer}'s session ended: what it managed is free for the next session that shows it. */
    boolean release(String peer) {
        return holders.values().removeIf(peer::equals);
    }
}

package org.vtepmanager.ovsdb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hardware_vtep database, one managing session. The first session to show a Physical_Switch name manages that
 * switch; another session showing the same name (the same ToR both dialled and dialling in, or a second ToR that
 * calls itself the same) is left alone until the first ends: two sessions writing one database would undo each
 * other's rows as fast as they were written.
 */
final class SwitchClaims {

    private final Map<String, String> holders = new ConcurrentHashMap<>();

    /** The peer that manages the switch called {@code name}: {@code peer} itself when it is the first to show it. */
    String claim(String name, String peer) {
        return holders.computeIfAbsent(name, n -> peer);
    }

    /** {@code peer}'s session ended: what it managed is free for the next session that shows it. */
    void release(String peer) {
        holders.values().removeIf(peer::equals);
    }
}

package org.vtepmanager.ovsdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.vtepmanager.core.VtepId;

/**
 * One switch database, one managing session. The first session to show a database (by the UUID of a row it has
 * exactly one of: a ToR's Physical_Switch, a hypervisor's Open_vSwitch; the same through any session, different
 * between databases even when two ToRs both call themselves br0) manages it; another session to the same database
 * (a switch registered by target that also runs set-manager) is left alone until the first ends: two sessions
 * writing one database would undo each other's rows as fast as they were written.
 */
final class SwitchClaims {

    private final Map<String, String> holders = new ConcurrentHashMap<>();
    /** Databases a second session asked for while another held them. */
    private final Set<String> contested = ConcurrentHashMap.newKeySet();

    /** The peer that manages the database {@code identity}: {@code peer} itself when it is the first to show it. */
    String claim(String identity, String peer) {
        String holder = holders.computeIfAbsent(identity, n -> peer);
        if (!holder.equals(peer)) {
            contested.add(identity);
        }
        return holder;
    }

    /**
     * Whether a session other than {@code peer} manages a database now for VTEP {@code vtep} ({@code idOf} tells a
     * session's VTEP). A switch registered by target under the very id its own dial-in takes has two sessions for
     * one VTEP, and only the managing one may report it, or its state, tunnel IP and problems would flip with
     * every report of either.
     */
    boolean managedByAnother(String peer, VtepId vtep, Function<String, Optional<VtepId>> idOf) {
        return holders.values().stream().filter(other -> !other.equals(peer))
                .anyMatch(other -> idOf.apply(other).equals(Optional.of(vtep)));
    }

    /**
     * {@code peer}'s session ended: what it managed is free for the next session that shows it.
     *
     * @return whether another session was waiting for one of those databases (and should plan again now)
     */
    boolean release(String peer) {
        boolean waited = false;
        for (Map.Entry<String, String> held : List.copyOf(holders.entrySet())) {
            if (held.getValue().equals(peer) && holders.remove(held.getKey(), peer)) {
                waited |= contested.remove(held.getKey());
            }
        }
        return waited;
    }
}

package org.vtepmanager.ovsdb.tor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.vtepmanager.ovsdb.session.ConnectionReports;

/**
 * How the ToR provider reports back and learns what each ToR must hold (the southbound's half of the contract);
 * called on the provider's events executor, so implementations must not block.
 */
public interface TorReports extends ConnectionReports {

    /** A session is up and its database was read, or something in it changed. */
    void observed(TorObservation observation);

    /** The session with {@code peer} ended; the switch is down, not forgotten. */
    void disconnected(String peer, String reason);

    /** What {@code peer} must hold now; empty while it is not known which VTEP the session is. */
    Optional<TorSpec> specFor(String peer);

    /**
     * What the remote MACs {@code keys} of {@code peer} must be now (a MAC left out must have no row), for a pass
     * that plans only the MACs that changed ({@link TorProvider#macChanged}). Empty when the spec {@link #specFor}
     * last gave {@code peer} no longer holds apart from its MACs (intent, topology, settling): a whole pass is due.
     */
    Optional<Map<MacKey, TorSpec.RemoteMac>> remoteMacs(String peer, List<MacKey> keys);

    /**
     * Which live session manages the database {@code peer} reached ({@code database}: its Physical_Switch row, the
     * same through any session): {@code peer} itself, or another session to the same database, and then this one
     * writes nothing. Asked before every plan; by default every session manages its own.
     */
    default String managerOf(String peer, Optional<UUID> database) {
        return peer;
    }
}

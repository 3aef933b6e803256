package org.vtepmanager.ovsdb.hypervisor;

import org.vtepmanager.ovsdb.session.ConnectionReports;

/**
 * How the hypervisor provider reports back (the southbound's half of the contract); called on the provider's
 * events executor, so implementations must not block.
 */
public interface HypervisorReports extends ConnectionReports {

    /** A session is up and its database was read, or something in it changed. */
    void observed(HypervisorObservation observation);

    /** The session with {@code peer} ended; the switch is down, not forgotten. */
    void disconnected(String peer, String reason);
}

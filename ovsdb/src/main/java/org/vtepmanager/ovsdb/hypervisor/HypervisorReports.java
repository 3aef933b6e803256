package org.vtepmanager.ovsdb.hypervisor;

import java.util.Optional;
import java.util.UUID;

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

    /**
     * Which live session manages the database {@code peer} reached ({@code database}: its Open_vSwitch row, the same
     * through any session): {@code peer} itself, or another session to the same database, and then this one writes
     * nothing. Asked before every plan; by default every session manages its own.
     */
    default String managerOf(String peer, Optional<UUID> database) {
        return peer;
    }

    /**
     * Where the VTEP of the session with {@code peer} stands in the tunnel mesh; asked before every plan. By default
     * every session is a member.
     */
    default MeshPlace meshPlace(String peer) {
        return MeshPlace.MEMBER;
    }

    /**
     * Where a session's VTEP stands in the tunnel mesh, which decides the tunnel ports it keeps, and which VTEP it is
     * when known: its own member of the mesh gets no port, and gives its tunnels their source address.
     */
    record MeshPlace(Standing standing, Optional<String> vtep) {

        /** A member whose VTEP is not named: it is known by the tunnel IP its switch reports. */
        static final MeshPlace MEMBER = new MeshPlace(Standing.MEMBER, Optional.empty());
        static final MeshPlace LEFT_OUT = new MeshPlace(Standing.LEFT_OUT, Optional.empty());
        static final MeshPlace UNKNOWN = new MeshPlace(Standing.UNKNOWN, Optional.empty());

        public static MeshPlace member(String vtep) {
            return new MeshPlace(Standing.MEMBER, Optional.of(vtep));
        }

        public static MeshPlace leftOut(String vtep) {
            return new MeshPlace(Standing.LEFT_OUT, Optional.of(vtep));
        }

        public static MeshPlace unknown() {
            return UNKNOWN;
        }
    }

    enum Standing {
        /** A member: a port to every other member (none to the member whose tunnel IP is its own). */
        MEMBER,
        /** Another VTEP holds the tunnel IP it reports: no peer can tell its tunnels apart, so it keeps none. */
        LEFT_OUT,
        /** Not known yet which VTEP it is, or not judged since it connected: it keeps what it has, builds nothing. */
        UNKNOWN
    }
}

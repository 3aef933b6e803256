package org.vtepmanager.ovsdb.session;

/** Where a dialled connection says that it failed; called on the events executor, so it must not block. */
public interface ConnectionReports {

    /** A switch could not be reached or is not usable; the reason names the target and the cause. */
    void failed(String peer, String reason);
}

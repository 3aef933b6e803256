package org.vtepmanager.ovsdb.session;

import java.util.List;

/**
 * Where a dialled connection says that it failed, and a session that it repaired its switch; called on the events
 * executor, so it must not block.
 */
public interface ConnectionReports {

    /** A switch could not be reached or is not usable; the reason names the target and the cause. */
    void failed(String peer, String reason);

    /**
     * The switch at {@code peer} no longer held rows of ours as its unchanged spec has them ({@link RepairWatch}):
     * {@code what} is being put back, in words, each naming its table and row. By default not reported further.
     */
    default void repaired(String peer, List<String> what) {
    }
}

package org.vtepmanager.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.session.DatabaseMirror;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.session.TableCache;

/**
 * Counts the Ucast_Macs_Remote rows a ToR's database holds, through a monitor of its own (its own thread and
 * transport, so that watching costs the manager's threads nothing).
 */
final class TorWatch implements AutoCloseable {

    private static final String TABLE = "Ucast_Macs_Remote";

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("bench-tor-watch"));
    private final OvsdbTransport transport = new OvsdbTransport(thread, OvsdbTransport.SessionSettings.DEFAULTS);
    private final TableCache cache = new TableCache();
    private volatile int remoteMacs;

    TorWatch(OvsdbTarget tor) {
        try {
            OvsdbSession session = transport.connect(tor).get(10, TimeUnit.SECONDS);
            DatabaseMirror.start(session, "hardware_vtep", Map.of(TABLE, List.of("MAC")), cache,
                    () -> remoteMacs = cache.rows(TABLE).size()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot watch the benchmark's ToR at " + tor + ": " + e, e);
        }
    }

    int remoteMacs() {
        return remoteMacs;
    }

    @Override
    public void close() {
        transport.close();
        thread.shutdownNow();
    }
}

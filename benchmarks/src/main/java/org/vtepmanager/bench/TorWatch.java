package org.vtepmanager.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.DatabaseMirror;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.session.TableCache;
import org.vtepmanager.ovsdb.session.TableIndex;

/**
 * Counts what a ToR's database holds of the manager's writes (Ucast_Macs_Remote and Mcast_Macs_Remote rows, port
 * vlan_bindings), through a monitor of its own (its own thread and transport, so that watching costs the manager's
 * threads nothing).
 */
final class TorWatch implements AutoCloseable {

    private static final String REMOTE_MACS = "Ucast_Macs_Remote";
    private static final String FLOOD_ROWS = "Mcast_Macs_Remote";
    private static final String PORTS = "Physical_Port";

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("bench-tor-watch"));
    private final OvsdbTransport transport = new OvsdbTransport(thread, OvsdbTransport.SessionSettings.DEFAULTS);
    private final TableCache cache = new TableCache();
    private volatile int remoteMacs;
    private volatile int floodRows;
    private volatile int vlanBindings;
    /** Counted only when ports changed: a ToR taking remote MACs gets an update every few learns. */
    private final TableIndex<Integer> bindingsHeld = new TableIndex<>(cache, PORTS, ports -> ports.values().stream()
            .mapToInt(port -> Rows.integerToUuid(port, "vlan_bindings").size()).sum());

    TorWatch(OvsdbTarget tor) {
        try {
            OvsdbSession session = transport.connect(tor).get(10, TimeUnit.SECONDS);
            DatabaseMirror.start(session, "hardware_vtep", Map.of(REMOTE_MACS, List.of("MAC"), FLOOD_ROWS,
                    List.of("MAC"), PORTS, List.of("vlan_bindings")), cache, this::count).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot watch the benchmark's ToR at " + tor + ": " + e, e);
        }
    }

    private void count() {
        remoteMacs = cache.rows(REMOTE_MACS).size();
        floodRows = cache.rows(FLOOD_ROWS).size();
        vlanBindings = bindingsHeld.get();
    }

    int remoteMacs() {
        return remoteMacs;
    }

    int floodRows() {
        return floodRows;
    }

    int vlanBindings() {
        return vlanBindings;
    }

    @Override
    public void close() {
        transport.close();
        thread.shutdownNow();
    }
}

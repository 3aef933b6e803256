package org.vtepmanager.ovsdb.session;

import com.vmware.ovsdb.protocol.methods.MonitorRequest;
import com.vmware.ovsdb.protocol.methods.MonitorRequests;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Mirrors tables of one database of a session into a {@link TableCache}: checks the schema has them, monitors the
 * columns asked for (every column where none are listed), and calls {@code onChange} after the initial contents
 * and after every update, on the events executor. Monitoring only what is read matters: ovs-vswitchd rewrites
 * statistics and status columns every few seconds, and each update costs a deserialization on that thread.
 */
public final class DatabaseMirror {

    private DatabaseMirror() {
    }

    /** Fails, naming the switch, unless {@code database} is among {@code served}. */
    public static void requireServed(OvsdbSession session, String[] served, String database) {
        if (!Arrays.asList(served).contains(database)) {
            throw new OvsdbSessionException(session.peer(), "database " + database + " is not served (found "
                    + Arrays.toString(served) + ")");
        }
    }

    /**
     * Completes with the schema once the cache holds the initial contents; fails when a table is missing.
     *
     * @param tables table → the columns to monitor; an empty list monitors every column
     */
    public static CompletableFuture<SchemaTables> start(OvsdbSession session, String database,
            Map<String, List<String>> tables, TableCache cache, Runnable onChange) {
        return session.schema(database).thenCompose(schema -> {
            Set<String> missing = new HashSet<>(tables.keySet());
            missing.removeAll(schema.tables());
            if (!missing.isEmpty()) {
                throw new OvsdbSessionException(session.peer(), "schema " + database + " lacks tables "
                        + missing.stream().sorted().toList());
            }
            Map<String, MonitorRequest> requests = tables.entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey,
                    t -> t.getValue().isEmpty() ? new MonitorRequest() : new MonitorRequest(t.getValue())));
            return session.monitor(database, "vtep-manager", new MonitorRequests(requests), updates -> {
                cache.apply(updates);
                onChange.run();
            }).thenApply(initial -> {
                cache.apply(initial);
                onChange.run();
                return schema;
            });
        });
    }
}

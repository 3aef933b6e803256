package org.vtepmanager.core.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.IntentListener;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.intent.IntentStoreException;

/**
 * The default {@link IntentStore}: an embedded H2 database file in the data directory, reached through
 * {@code java.sql} only. Reads are served from an immutable in-memory {@link Intent}; a write is checked against it,
 * committed in one SQL transaction, and only then becomes visible and is announced.
 *
 * <p>Durability: {@code WRITE_DELAY=0} makes H2 write each commit to the file before {@code commit()} returns
 * (its default buffers commits for up to 500 ms, which a {@code kill -9} would lose). The kill test proves it.
 */
public final class H2IntentStore implements IntentStore {

    private static final Logger log = LoggerFactory.getLogger(H2IntentStore.class);
    static final String FILE_NAME = "intent";
    /**
     * H2 lets any number of connections in one JVM share a database; two stores on one directory would each cache
     * their own intent and overwrite each other. Across processes H2's file lock refuses the second opener.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final Connection db;
    private final List<IntentListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Intent current;
    private boolean closed;

    private H2IntentStore(Path directory, Connection db, Intent current) {
        this.directory = directory;
        this.db = db;
        this.current = current;
    }

    /**
     * Opens (creating if absent) the store in {@code directory}, which must exist.
     *
     * @throws IntentStoreException naming the directory, e.g. when another process holds the store open
     */
    public static H2IntentStore open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!OPEN.add(absolute)) {
            throw new IntentStoreException("intent store in " + directory + " cannot be opened: already open in this "
                    + "process", null);
        }
        try {
            return connect(directory, absolute);
        } catch (SQLException | RuntimeException e) {
            OPEN.remove(absolute);
            throw new IntentStoreException("intent store in " + directory + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private static H2IntentStore connect(Path directory, Path absolute) throws SQLException {
        String url = "jdbc:h2:file:" + absolute.resolve(FILE_NAME) + ";WRITE_DELAY=0";
        Connection db = DriverManager.getConnection(url, "vtep", "");
        try {
            db.setAutoCommit(false);
            IntentSchema.create(db);
            IntentSchema.Loaded loaded = IntentSchema.load(db);
            Intent intent = loaded.intent();
            setAside(db, directory, loaded.setAside(), intent.revision());
            log.atInfo().addKeyValue("dir", directory).addKeyValue("revision", intent.revision())
                    .log("intent store opened");
            return new H2IntentStore(directory, db, intent);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Moves the rows this build refused out of the intent tables, dependents first (they were loaded last, and
     * foreign keys forbid the other order): the store opens with what it could load, and the next start finds
     * nothing to set aside.
     */
    private static void setAside(Connection db, Path directory, List<SetAside> rows, long revision)
            throws SQLException {
        for (int i = rows.size() - 1; i >= 0; i--) {
            rows.get(i).moveOut(db, revision);
        }
        db.commit();
        rows.forEach(row -> log.atError().addKeyValue("dir", directory).addKeyValue("table", row.table())
                .addKeyValue("row", row.row()).addKeyValue("reason", row.reason())
                .addKeyValue("dropped", row.columns().isEmpty() ? "row" : String.join(",", row.columns()))
                .log("intent set aside: this build refuses it; enter it again, corrected, through the API"));
    }

    @Override
    public Intent current() {
        return current;
    }

    /** Serialized: one writer at a time, so a change is checked against exactly the intent it will follow. */
    @Override
    public synchronized Intent apply(IntentChange change, String origin) {
        Intent next = current.apply(change);
        try {
            ChangeWriter.write(db, change, next.revision());
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IntentStoreException("intent store in " + directory + " did not commit " + change + ": "
                    + e.getMessage(), e);
        }
        current = next;
        log.atDebug().addKeyValue("revision", next.revision()).addKeyValue("change", change).log("intent committed");
        IntentEvent event = new IntentEvent(next.revision(), change, next, origin);
        listeners.forEach(listener -> notify(listener, event));
        return next;
    }

    /** Serialized as {@link #apply}; one transaction, one commit, however many changes. */
    @Override
    public synchronized Intent applyAll(List<IntentChange> changes, String origin) {
        List<Intent> steps = new ArrayList<>(changes.size());
        Intent next = current;
        for (IntentChange change : changes) {
            next = next.apply(change);
            steps.add(next);
        }
        try {
            for (int i = 0; i < changes.size(); i++) {
                ChangeWriter.write(db, changes.get(i), steps.get(i).revision());
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IntentStoreException("intent store in " + directory + " did not commit " + changes.size()
                    + " changes made together: " + e.getMessage(), e);
        }
        current = next;
        log.atDebug().addKeyValue("revision", next.revision()).addKeyValue("changes", changes.size())
                .log("intent committed");
        for (int i = 0; i < changes.size(); i++) {
            IntentEvent event = new IntentEvent(steps.get(i).revision(), changes.get(i), steps.get(i), origin);
            listeners.forEach(listener -> notify(listener, event));
        }
        return next;
    }

    @Override
    public void addListener(IntentListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IntentListener listener) {
        listeners.remove(listener);
    }

    /** Idempotent: only the first close frees the directory, which another store may have opened since. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            db.close();
        } catch (SQLException e) {
            log.atWarn().addKeyValue("dir", directory).addKeyValue("reason", e.getMessage())
                    .log("intent store did not close cleanly");
        } finally {
            OPEN.remove(directory.toAbsolutePath().normalize());
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            log.atWarn().addKeyValue("dir", directory).addKeyValue("reason", e.getMessage()).log("rollback failed");
        }
    }

    /** A failing listener must not undo or hide a committed change from the writer or the other listeners. */
    private static void notify(IntentListener listener, IntentEvent event) {
        try {
            listener.event(event);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("listener", listener).addKeyValue("revision", event.revision()).setCause(e)
                    .log("intent listener failed");
        }
    }
}

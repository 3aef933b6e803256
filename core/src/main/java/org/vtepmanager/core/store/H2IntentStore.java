package org.vtepmanager.core.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>A commit that fails to reach the file (a full disk, an I/O error) leaves intent as it was, and H2 closes the
 * database for good. So the next write opens it again, once the file holds exactly the intent this store serves;
 * until a write succeeds, {@link #writeFailure} says why the last one did not.
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
    private final String url;
    private Connection db;
    private final List<IntentListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Intent current;
    private volatile String writeFailure;
    /** A commit failed: the connection is dropped, and the next write opens the database again. */
    private boolean dropped;
    private boolean closed;

    private H2IntentStore(Path directory, String url, Connection db, Intent current) {
        this.directory = directory;
        this.url = url;
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
        Connection db = connect(url);
        try {
            db.setAutoCommit(false);
            IntentSchema.create(db);
            IntentSchema.Loaded loaded = IntentSchema.load(db);
            Intent intent = loaded.intent();
            setAside(db, directory, loaded.setAside(), intent.revision());
            log.atInfo().addKeyValue("dir", directory).addKeyValue("revision", intent.revision())
                    .log("intent store opened");
            return new H2IntentStore(directory, url, db, intent);
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
        commit(connection -> ChangeWriter.write(connection, change, next.revision()));
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
        commit(connection -> {
            for (int i = 0; i < changes.size(); i++) {
                ChangeWriter.write(connection, changes.get(i), steps.get(i).revision());
            }
        });
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
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /**
     * While the store cannot write, tries a write that changes no intent: a disk that has room again is found
     * without waiting for an operator's change, and {@link #writeFailure} clears. Blocks on I/O (call it off any
     * event loop); does nothing while the store writes.
     */
    public synchronized void probeWrite() {
        if (writeFailure == null || closed) {
            return;
        }
        try {
            commit(connection -> IntentSchema.writeProbe(connection, System.nanoTime()));
        } catch (IntentStoreException e) {
            // writeFailure says why, as it did before.
        }
    }

    /** What one commit writes, on the connection. */
    @FunctionalInterface
    private interface Writes {
        void to(Connection connection) throws SQLException;
    }

    /**
     * Writes and commits, on a database opened again if a failed commit closed it; a failure drops the connection
     * and is remembered ({@link #failed}), a success clears what was remembered.
     */
    private void commit(Writes writes) {
        try {
            reopenIfClosed();
            writes.to(db);
            db.commit();
        } catch (SQLException e) {
            throw failed(e);
        }
        wrote();
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "vtep", "");
    }

    /**
     * H2 closes a database whose file it failed to write, while the connection still says it is open. It is opened
     * again only when the file holds the revision served: a commit reported failed that reached the file after all,
     * or another writer, would otherwise be served as if it were not there, and overwritten.
     */
    private void reopenIfClosed() throws SQLException {
        if (!dropped && !db.isClosed()) {
            return;
        }
        Connection reopened = connect(url);
        try {
            reopened.setAutoCommit(false);
            long onFile = IntentSchema.revision(reopened);
            if (onFile != current.revision()) {
                throw new SQLException("its file holds revision " + onFile + " and this manager serves revision "
                        + current.revision() + ": restart the manager to serve what the file holds");
            }
        } catch (SQLException e) {
            reopened.close();
            throw e;
        }
        db = reopened;
        dropped = false;
        log.atInfo().addKeyValue("dir", directory).addKeyValue("revision", current.revision())
                .log("intent store opened again");
    }

    /**
     * Drops the connection (what the failed commit wrote goes with it), and remembers why it failed: the deepest
     * cause says it best.
     */
    private IntentStoreException failed(SQLException e) {
        drop();
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        boolean first = writeFailure == null;
        writeFailure = String.valueOf(cause.getMessage());
        if (first) {
            log.atError().addKeyValue("dir", directory).addKeyValue("reason", writeFailure)
                    .log("intent store cannot write: changes are refused until it can again");
        }
        return new IntentStoreException("intent store in " + directory + " cannot write (" + writeFailure
                + "); intent is unchanged", e);
    }

    private void wrote() {
        if (writeFailure != null) {
            writeFailure = null;
            log.atInfo().addKeyValue("dir", directory).log("intent store writes again");
        }
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

    /** Closing a database that failed to write fails too, the same way; the next write opens it again. */
    private void drop() {
        dropped = true;
        try {
            db.close();
        } catch (SQLException e) {
            log.atDebug().addKeyValue("dir", directory).addKeyValue("reason", e.getMessage())
                    .log("failed connection did not close cleanly");
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

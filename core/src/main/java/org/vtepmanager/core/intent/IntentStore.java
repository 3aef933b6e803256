package org.vtepmanager.core.intent;

import java.util.List;
import java.util.Optional;

/**
 * The operator's intent, durable. Shaped after etcd so a clustered store can replace the embedded one: a global
 * revision, per-record versions for compare-and-set, single-record atomic changes, and a watch (listeners) that
 * sees every committed change in order.
 *
 * <p>{@link #current()} never blocks (a cached snapshot). {@link #apply} blocks on I/O until the change is durable,
 * so callers on an event loop must run it on a worker thread.
 */
public interface IntentStore extends AutoCloseable {

    /** The last committed intent; immutable. */
    Intent current();

    /**
     * Checks {@code change} against the current intent and commits it durably, or applies nothing; listeners are
     * told that {@code origin} asked for it (see {@link IntentEvent#origin}).
     *
     * @return the intent after the change
     * @throws IntentException when intent's rules refuse the change
     * @throws IntentStoreException when the change could not be made durable (nothing was applied)
     */
    Intent apply(IntentChange change, String origin);

    /** {@link #apply(IntentChange, String)} for a change the manager makes itself ({@link IntentEvent#MANAGER}). */
    default Intent apply(IntentChange change) {
        return apply(change, IntentEvent.MANAGER);
    }

    /**
     * Checks {@code changes}, in order, each against the intent the ones before it made, and commits them durably
     * together, or applies none: writes made as one (a restore) that neither a refused change, nor a crash, nor
     * another writer may leave half made. Each change still has a revision of its own, and listeners see each in
     * order, as if they had been applied one after the other.
     *
     * @return the intent after the last change
     * @throws IntentException when intent's rules refuse one of them (nothing was applied)
     * @throws IntentStoreException when they could not be made durable (nothing was applied)
     */
    Intent applyAll(List<IntentChange> changes, String origin);

    /**
     * Why the store cannot write now: the cause of its last failed commit (a full disk), until a commit succeeds
     * again. Reads go on meanwhile, from the last committed intent.
     */
    default Optional<String> writeFailure() {
        return Optional.empty();
    }

    void addListener(IntentListener listener);

    void removeListener(IntentListener listener);

    @Override
    void close();
}

package org.vtepmanager.core.intent;

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
     * Checks {@code change} against the current intent and commits it durably, or applies nothing.
     *
     * @return the intent after the change
     * @throws IntentException when intent's rules refuse the change
     * @throws IntentStoreException when the change could not be made durable (nothing was applied)
     */
    Intent apply(IntentChange change);

    void addListener(IntentListener listener);

    void removeListener(IntentListener listener);

    @Override
    void close();
}

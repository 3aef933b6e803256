package org.vtepmanager.web.api;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentStore;

/**
 * Intent documents, as {@code GET /api/v1/intent} writes them, restored outside a request: the launcher's
 * {@code --restore}, which fills a new store before anything reads it.
 */
public final class IntentDocuments {

    /** Who the audit line says made a restore from the command line. */
    static final String COMMAND_LINE = "--restore";

    private IntentDocuments() {
    }

    /**
     * Restores {@code document} into {@code store} as {@code POST /api/v1/intent} does (see {@link IntentRestore}).
     *
     * @return the changes made, in order
     * @throws IllegalArgumentException naming the item and what is wrong with it ("networks[3].vni: ..."), having
     *     written nothing
     */
    public static List<IntentChange> restore(IntentStore store, String document) {
        List<IntentChange> changes;
        try {
            changes = IntentRestore.plan(store.current(),
                    JsonBody.of(Buffer.buffer(document), "intent document", IntentRestore.FIELDS));
        } catch (ApiError refused) {
            throw new IllegalArgumentException(refused.getMessage(), refused);
        }
        Api.commitAll(store, changes, COMMAND_LINE, "command line");
        return changes;
    }
}

package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the manager needs of a transact reply (RFC 7047 §4.1.3): whether the server committed it, and if not, why. The
 * reply is read as the JSON it arrived as; having the library bind it to typed results per operation was a third of
 * the events thread's work while a mesh converges.
 */
final class TransactReply {

    private TransactReply() {
    }

    /**
     * The first error in the reply, "error: details": a failed operation's object, or the extra element that reports a
     * failed commit. Empty when every operation succeeded; the elements after a failed one are null.
     */
    static Optional<String> firstError(JsonNode results) {
        for (JsonNode result : results) {
            JsonNode error = result.get("error");
            if (error != null && !error.isNull()) {
                JsonNode details = result.get("details");
                return Optional.of(error.asText() + (details == null || details.isNull() ? "" : ": " + details.asText()));
            }
        }
        return Optional.empty();
    }
}

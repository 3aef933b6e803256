package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.vmware.ovsdb.protocol.operation.Delete;
import com.vmware.ovsdb.protocol.operation.Insert;
import com.vmware.ovsdb.protocol.operation.Mutate;
import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.Select;
import com.vmware.ovsdb.protocol.operation.Update;
import com.vmware.ovsdb.protocol.operation.Wait;
import com.vmware.ovsdb.protocol.operation.notation.Condition;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the manager needs of a transact reply (RFC 7047 §4.1.3): whether the server committed it, and if not, why. The
 * reply is read as the JSON it arrived as; having the library bind it to typed results per operation was a third of
 * the events thread's work while a mesh converges.
 */
final class TransactReply {

    private TransactReply() {
    }

    /**
     * The first error in the reply, "error: details (operation I of N: OP TABLE where ...)": a failed operation's
     * object, or the extra element that reports a failed commit. Empty when every operation succeeded; the elements
     * after a failed one are null. The operation is named because an error alone ("timed out") says nothing of the
     * row it was about.
     */
    static Optional<String> firstError(JsonNode results, List<Operation> sent) {
        int index = 0;
        for (JsonNode result : results) {
            JsonNode error = result.get("error");
            if (error != null && !error.isNull()) {
                JsonNode details = result.get("details");
                return Optional.of(error.asText() + (details == null || details.isNull() ? "" : ": " + details.asText())
                        + " (" + operation(sent, index) + ")");
            }
            index++;
        }
        return Optional.empty();
    }

    private static String operation(List<Operation> sent, int index) {
        if (index >= sent.size()) {
            return "the commit of " + sent.size() + " operations";
        }
        return "operation " + (index + 1) + " of " + sent.size() + ": " + describe(sent.get(index));
    }

    /** The library's operations share no accessor for their table or conditions: one test per kind. */
    private static String describe(Operation op) {
        if (op instanceof Insert insert) {
            return describe(op, insert.getTable(), List.of());
        } else if (op instanceof Update update) {
            return describe(op, update.getTable(), update.getWhere());
        } else if (op instanceof Delete delete) {
            return describe(op, delete.getTable(), delete.getWhere());
        } else if (op instanceof Mutate mutate) {
            return describe(op, mutate.getTable(), mutate.getWhere());
        } else if (op instanceof Select select) {
            return describe(op, select.getTable(), select.getWhere());
        } else if (op instanceof Wait wait) {
            return describe(op, wait.getTable(), wait.getWhere());
        }
        return op.getOp();
    }

    private static String describe(Operation op, String table, List<Condition> where) {
        return op.getOp() + " " + table + (where.isEmpty() ? "" : " where " + where.stream()
                .map(c -> c.getColumn() + " " + c.getFunction() + " " + c.getValue())
                .collect(Collectors.joining(", ")));
    }
}

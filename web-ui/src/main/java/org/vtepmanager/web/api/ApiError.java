package org.vtepmanager.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An HTTP error in the API's one error shape: {@code {"error": <status phrase>, "field": <what>, "reason": <why>}},
 * plus {@code heldBy} when a delete is refused because something still references the resource.
 */
public final class ApiError extends RuntimeException {

    private static final int KEPT_EACH_SIDE = 120;

    private final int status;
    private final String field;
    private final String reason;
    private final List<String> heldBy;

    public ApiError(int status, String field, String reason) {
        this(status, field, reason, List.of());
    }

    public ApiError(int status, String field, String reason, List<String> heldBy) {
        super(abbreviated(field) + ": " + abbreviated(reason), null, false, false);
        this.status = status;
        this.field = abbreviated(field);
        this.reason = abbreviated(reason);
        this.heldBy = List.copyOf(heldBy);
    }

    public int status() {
        return status;
    }

    /** This error, about an item of a list: {@code at} ("networks[3]") put before the field it names. */
    ApiError within(String at) {
        return new ApiError(status, field.isEmpty() ? at : at + "." + field, reason, heldBy);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("error", phrase(status)).put("field", field).put("reason", reason);
        return heldBy.isEmpty() ? json : json.put("heldBy", new JsonArray(heldBy));
    }

    /**
     * {@code text} with its middle left out when it is long. Reasons quote the refused value, which can be as long
     * as the body limit allows; the head still shows the value and the tail says why it was refused.
     */
    static String abbreviated(String text) {
        if (text == null || text.length() <= 2 * KEPT_EACH_SIDE + 40) {
            return text;
        }
        int omitted = text.length() - 2 * KEPT_EACH_SIDE;
        return text.substring(0, KEPT_EACH_SIDE) + " … (" + omitted + " characters left out) … "
                + text.substring(text.length() - KEPT_EACH_SIDE);
    }

    static String phrase(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 412 -> "precondition failed";
            case 413 -> "payload too large";
            case 415 -> "unsupported media type";
            case 503 -> "service unavailable";
            default -> "internal error";
        };
    }
}

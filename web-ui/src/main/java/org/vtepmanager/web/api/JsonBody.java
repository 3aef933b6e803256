package org.vtepmanager.web.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A request's JSON object body, read field by field with errors naming the field. Unknown properties are refused:
 * a typo such as {@code "vlan_id"} would otherwise silently fall back to a default.
 */
final class JsonBody {

    private final JsonObject json;

    private JsonBody(JsonObject json) {
        this.json = json;
    }

    /** The body of {@code ctx}, which must be a JSON object with only {@code allowed} properties. */
    static JsonBody of(RoutingContext ctx, String resource, Set<String> allowed) {
        requireType(ctx, "application/json");
        return parse(ctx, resource, allowed);
    }

    /** A JSON merge patch (RFC 7396), sent as {@code application/merge-patch+json} or as plain JSON. */
    static JsonBody ofMergePatch(RoutingContext ctx, String resource, Set<String> allowed) {
        requireType(ctx, "application/json", "application/merge-patch+json");
        return parse(ctx, resource, allowed);
    }

    /**
     * One item of a list in a body, which must be a JSON object with only {@code allowed} properties; its errors
     * name its fields alone (the caller puts the item's place before them, see {@link ApiError#within}).
     */
    static JsonBody ofItem(Object item, String resource, Set<String> allowed) {
        if (!(item instanceof JsonObject object)) {
            throw new ApiError(400, "", "must be a JSON object describing a " + resource);
        }
        refuseUnknown(object, "", "a " + resource, allowed);
        return new JsonBody(object);
    }

    private static void requireType(RoutingContext ctx, String... accepted) {
        String type = ctx.request().getHeader("content-type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        for (String one : accepted) {
            if (lower.startsWith(one)) {
                return;
            }
        }
        throw new ApiError(415, "content-type", "'" + type + "' is not " + String.join(" or ", accepted));
    }

    private static JsonBody parse(RoutingContext ctx, String resource, Set<String> allowed) {
        return of(ctx.body().buffer(), resource, allowed);
    }

    /** {@code body} (null when there is none), which must be a JSON object with only {@code allowed} properties. */
    static JsonBody of(Buffer body, String resource, Set<String> allowed) {
        Object parsed;
        try {
            parsed = body == null ? null : parseRefusingRepeats(body);
        } catch (DecodeException e) {
            throw new ApiError(400, "body", "is not JSON: " + whereJsonBroke(e));
        }
        if (!(parsed instanceof JsonObject object)) {
            throw new ApiError(400, "body", "must be a JSON object describing a " + resource);
        }
        refuseUnknown(object, "", "a " + resource, allowed);
        return new JsonBody(object);
    }

    int requiredInt(String field) {
        return optionalInt(field).orElseThrow(() -> missing(field));
    }

    Optional<Integer> optionalInt(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer number) {
            return Optional.of(number);
        }
        if (value instanceof Long || value instanceof BigInteger) {
            throw new ApiError(400, field, value + " is out of range (not a 32-bit integer)");
        }
        throw wrongType(field, value, "an integer");
    }

    String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> missing(field));
    }

    Optional<String> optionalString(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw wrongType(field, value, "a string");
    }

    /** The items of the array {@code field}; none when it is absent. */
    List<Object> optionalArray(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof JsonArray array) {
            // getValue, not getList: it gives a nested object as a JsonObject, not as the map behind it.
            return IntStream.range(0, array.size()).mapToObj(array::getValue).toList();
        }
        throw wrongType(field, value, "an array");
    }

    /** Whether the body holds {@code field}, even as null: in a merge patch, null clears and absent keeps. */
    boolean has(String field) {
        return json.containsKey(field);
    }

    /** The raw value of {@code field} (null when absent), for nested objects that parse themselves. */
    Object value(String field) {
        return json.getValue(field);
    }

    /**
     * Refuses a property of {@code object} not in {@code allowed}, for bodies and their nested objects alike;
     * {@code prefix} names the enclosing field of a nested one ("replication.").
     */
    static void refuseUnknown(JsonObject object, String prefix, String what, Set<String> allowed) {
        for (String name : object.fieldNames()) {
            if (!allowed.contains(name)) {
                throw new ApiError(400, prefix + name, "is not a property of " + what + " (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /**
     * Vert.x keeps the last of two properties of one name, so {@code {"vni":5,"vni":6}} would create network 6 while
     * its sender may have meant 5. Its own parser (its features, its limits) is told to refuse a repeat instead. A
     * body refused so that parses without the check repeated a property, named as errors name fields; one that does
     * not parse either fails there, as it always did.
     */
    private static Object parseRefusingRepeats(Buffer body) {
        JsonParser parser = JacksonCodec.createParser(body);
        parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            return JacksonCodec.fromParser(parser, Object.class);
        } catch (DecodeException strict) {
            body.toJsonValue();
            String field = parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            throw new ApiError(400, field, "appears more than once in the body");
        }
    }

    /** {@code value} is not of the {@code expected} JSON type; shown as JSON, so a string shows its quotes. */
    static ApiError wrongType(String field, Object value, String expected) {
        return new ApiError(400, field, Json.encode(value) + " is not " + expected);
    }

    private static ApiError missing(String field) {
        return new ApiError(400, field, "is required");
    }

    /**
     * What broke and where, in the parser's words but without its wrapping ("Failed to decode:") and its source
     * excerpt, which here only says that it is not shown.
     */
    private static String whereJsonBroke(DecodeException e) {
        if (e.getCause() instanceof JsonProcessingException cause && cause.getLocation() != null) {
            JsonLocation at = cause.getLocation();
            String what = cause.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll(" \\(start marker at .*", "");
            return what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return "it does not parse";
    }
}

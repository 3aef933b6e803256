package org.vtepmanager.web.api;

import io.vertx.ext.web.RoutingContext;
import org.vtepmanager.core.intent.IntentChange;

/** A record's version as its ETag, and {@code If-Match} to make a write a compare-and-set on it. */
final class Versions {

    private Versions() {
    }

    static void etag(RoutingContext ctx, long version) {
        ctx.response().putHeader("etag", "\"" + version + "\"");
    }

    /** {@code If-Match: "N"} makes a write a compare-and-set on version N; without it the write is blind. */
    static long expected(RoutingContext ctx, String record) {
        String ifMatch = ctx.request().getHeader("if-match");
        if (ifMatch == null) {
            return IntentChange.ANY_VERSION;
        }
        if (!ifMatch.matches("\"[1-9][0-9]{0,17}\"")) {
            throw new ApiError(400, "If-Match", "'" + ifMatch + "' is not a " + record
                    + " version in quotes, e.g. \"3\"");
        }
        return Long.parseLong(ifMatch.substring(1, ifMatch.length() - 1));
    }
}

package org.vtepmanager.web.api;

import io.vertx.ext.web.RoutingContext;

/** Path parameters, refused with a 400 naming the parameter when malformed. */
final class PathParams {

    private PathParams() {
    }

    static int integer(RoutingContext ctx, String name) {
        String text = ctx.pathParam(name);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiError(400, name, "'" + text + "' is not an integer");
        }
    }
}

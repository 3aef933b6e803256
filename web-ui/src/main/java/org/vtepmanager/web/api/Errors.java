package org.vtepmanager.web.api;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.intent.IntentException;
import org.vtepmanager.core.intent.IntentStoreException;

/** Turns every failure, ours or the router's, into the API's one JSON error shape. */
final class Errors {

    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    static void install(Router router) {
        router.route().failureHandler(ctx -> send(ctx, toApiError(ctx)));
        router.errorHandler(404, ctx -> send(ctx, new ApiError(404, "path", "no resource at " + ctx.request().path())));
        router.errorHandler(405, ctx -> send(ctx, new ApiError(405, "method", ctx.request().method()
                + " is not allowed on " + ctx.request().path())));
    }

    static ApiError toApiError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiError error) {
            return error;
        }
        if (failure instanceof InvalidValueException invalid) {
            return new ApiError(400, invalid.field(), invalid.reason());
        }
        if (failure instanceof IntentException refused) {
            return new ApiError(status(refused.kind()), refused.field(), refused.reason(), refused.heldBy());
        }
        if (failure instanceof IntentStoreException unwritten) {
            // The store logged the cause once, at ERROR; each refused change is one WARN more.
            log.atWarn().addKeyValue("method", ctx.request().method()).addKeyValue("path", ctx.request().path())
                    .addKeyValue("reason", unwritten.getMessage()).log("change refused: the intent store cannot write");
            return new ApiError(503, "store", unwritten.getMessage());
        }
        if (failure instanceof DecodeException) {
            return new ApiError(400, "body", "is not JSON: " + failure.getMessage());
        }
        if (ctx.statusCode() == 413) {
            return new ApiError(413, "body", "is larger than " + Api.BODY_LIMIT + " bytes");
        }
        log.atError().addKeyValue("method", ctx.request().method()).addKeyValue("path", ctx.request().path())
                .setCause(failure).log("request failed");
        return new ApiError(500, "request", failure == null ? "status " + ctx.statusCode() : failure.toString());
    }

    static int status(IntentException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case UNKNOWN_REFERENCE -> 400;
            case ALREADY_EXISTS, IN_USE -> 409;
            case VERSION_MISMATCH -> 412;
        };
    }

    private static void send(RoutingContext ctx, ApiError error) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
                .end(error.toJson().encode());
    }
}

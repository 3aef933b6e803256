package org.vtepmanager.web.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.intent.IntentEvent;

/**
 * Who may change intent through the API: anyone, or only whoever presents one of the manager's {@link ApiTokens}
 * as {@code Authorization: Bearer TOKEN}, whose name the change's audit line then carries. Reads stay open, so
 * that a dashboard shows the fabric before anyone signs in and its event stream (which a browser opens without
 * headers) needs nothing. Hand-written rather than Vert.x's {@code BearerAuthHandler}: that one needs an
 * authentication provider of ours all the same, and answers a bare 401 where the API gives every refusal its one
 * error shape with a reason.
 */
public final class WriteAccess {

    private static final Logger log = LoggerFactory.getLogger(WriteAccess.class);
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final String BEARER = "Bearer ";
    private static final String CALLER = "vtep-manager.caller";

    /** Empty when open; replaced whole when the tokens file is read again, so a check sees one list or the other. */
    private final Optional<AtomicReference<ApiTokens>> tokens;
    private final LongAdder refused = new LongAdder();

    private WriteAccess(Optional<AtomicReference<ApiTokens>> tokens) {
        this.tokens = tokens;
    }

    /** Anyone who reaches the API may change intent. */
    public static WriteAccess open() {
        return new WriteAccess(Optional.empty());
    }

    /** Changes need one of {@code tokens}. */
    public static WriteAccess tokens(ApiTokens tokens) {
        return new WriteAccess(Optional.of(new AtomicReference<>(Objects.requireNonNull(tokens, "tokens"))));
    }

    public boolean guarded() {
        return tokens.isPresent();
    }

    /** Writes refused for want of a valid token since the start: what someone guessing, or a revoked script, adds to. */
    public long refusedCount() {
        return refused.sum();
    }

    /**
     * From the next request on, changes need one of {@code replacement}: a revoked token is refused, a new one
     * taken, with no restart.
     *
     * @throws IllegalStateException when the API is open: there is no list to replace
     */
    public void replace(ApiTokens replacement) {
        tokens.orElseThrow(() -> new IllegalStateException("the API is open: it has no tokens to replace"))
                .set(Objects.requireNonNull(replacement, "replacement"));
    }

    /**
     * The name of the token a change through {@code ctx} came with, or {@value IntentEvent#ANYONE} when the API is
     * open.
     */
    static String caller(RoutingContext ctx) {
        String caller = ctx.get(CALLER);
        return caller == null ? IntentEvent.ANYONE : caller;
    }

    /** Passes reads, and writes that carry a token; refuses other writes with 401. */
    void check(RoutingContext ctx) {
        if (tokens.isEmpty() || !WRITES.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("authorization");
        // The scheme's name is case-insensitive (RFC 9110, 11.1): "bearer" is as good as "Bearer".
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(ctx, "changes need this manager's API token: send Authorization: Bearer TOKEN");
            return;
        }
        Optional<String> holder = tokens.get().get().holder(header.substring(BEARER.length()).strip());
        if (holder.isEmpty()) {
            refuse(ctx, "the token does not match any of this manager's API tokens");
            return;
        }
        ctx.put(CALLER, holder.get());
        ctx.next();
    }

    /** Logged at WARN: refused writes are what someone probing the API, or a script with a revoked token, leaves. */
    private void refuse(RoutingContext ctx, String reason) {
        refused.increment();
        log.atWarn().addKeyValue("method", ctx.request().method()).addKeyValue("path", ctx.request().path())
                .addKeyValue("client", Api.client(ctx)).addKeyValue("reason", reason).log("API change refused");
        ctx.response().putHeader("www-authenticate", "Bearer realm=\"vtep-manager\"");
        ctx.fail(new ApiError(401, "authorization", reason));
    }
}

package org.vtepmanager.web.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Who may change intent through the API: anyone, or only whoever presents the manager's API token as
 * {@code Authorization: Bearer TOKEN}. Reads stay open, so that a dashboard shows the fabric before anyone signs
 * in and its event stream (which a browser opens without headers) needs nothing. Hand-written rather than Vert.x's
 * {@code BearerAuthHandler}: that one needs an authentication provider of ours all the same, and answers a bare 401
 * where the API gives every refusal its one error shape with a reason.
 */
public final class WriteAccess {

    /** Long enough that guessing it over HTTP is hopeless: 128 bits of hex, or more. */
    public static final int MIN_TOKEN_LENGTH = 32;
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    private WriteAccess(Optional<byte[]> token) {
        this.token = token;
    }

    /** Anyone who reaches the API may change intent. */
    public static WriteAccess open() {
        return new WriteAccess(Optional.empty());
    }

    /**
     * Changes need {@code token}.
     *
     * @throws IllegalArgumentException when it is shorter than {@value #MIN_TOKEN_LENGTH} characters or holds
     *     anything but printable ASCII
     */
    public static WriteAccess token(String token) {
        if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("an API token is at least " + MIN_TOKEN_LENGTH + " printable ASCII "
                    + "characters without spaces (e.g. openssl rand -hex 32)");
        }
        return new WriteAccess(Optional.of(token.getBytes(StandardCharsets.US_ASCII)));
    }

    public boolean guarded() {
        return token.isPresent();
    }

    /** Passes reads, and writes that carry the token; refuses other writes with 401. */
    void check(RoutingContext ctx) {
        if (token.isEmpty() || !WRITES.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("authorization");
        // The scheme's name is case-insensitive (RFC 9110, 11.1): "bearer" is as good as "Bearer".
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(ctx, "changes need this manager's API token: send Authorization: Bearer TOKEN");
        } else if (!MessageDigest.isEqual(token.get(),
                header.substring(BEARER.length()).strip().getBytes(StandardCharsets.US_ASCII))) {
            // MessageDigest.isEqual takes the same time wherever the bytes differ: the reply says nothing of how
            // much of a guess was right.
            refuse(ctx, "the token does not match this manager's API token");
        } else {
            ctx.next();
        }
    }

    private static void refuse(RoutingContext ctx, String reason) {
        ctx.response().putHeader("www-authenticate", "Bearer realm=\"vtep-manager\"");
        ctx.fail(new ApiError(401, "authorization", reason));
    }
}

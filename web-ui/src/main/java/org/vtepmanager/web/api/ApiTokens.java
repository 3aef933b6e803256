package org.vtepmanager.web.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens that may change intent, each under the name the audit log gives its changes: one per operator or
 * automation, so that who changed what can be told, and one leaked token can be revoked alone. Read from lines
 * {@code NAME TOKEN}; a line holding only a token names it after its line ({@code token-3}), so a file of one
 * bare token, as {@code openssl rand -hex 32 > FILE} writes, is a valid list. Blank lines and {@code #} comments
 * are skipped.
 */
public final class ApiTokens {

    /** Long enough that guessing one over HTTP is hopeless: 128 bits of hex, or more. */
    public static final int MIN_TOKEN_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[!-~]{" + MIN_TOKEN_LENGTH + ",}");

    private final Map<String, byte[]> tokensByName;

    private ApiTokens(Map<String, byte[]> tokensByName) {
        this.tokensByName = tokensByName;
    }

    /**
     * @throws IllegalArgumentException naming the line and what is wrong with it, when a token is short or spaced,
     *     a name or a token is given twice, or no line holds a token
     */
    public static ApiTokens parse(List<String> lines) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String name = words.length == 2 ? words[0] : "token-" + (i + 1);
            String token = words[words.length - 1];
            check(i + 1, words.length <= 2 && NAME.matcher(name).matches() && TOKEN.matcher(token).matches(),
                    "expected NAME TOKEN or TOKEN: a name of letters, digits and . _ @ -, and a token of at least "
                            + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces (openssl rand -hex 32)");
            check(i + 1, !tokens.containsKey(name), "the name " + name + " is given twice");
            check(i + 1, !seen.contains(token), "this token is given twice: each name needs its own");
            tokens.put(name, token.getBytes(StandardCharsets.US_ASCII));
            seen.add(token);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no line holds a token (NAME TOKEN, or a bare TOKEN)");
        }
        return new ApiTokens(Map.copyOf(tokens));
    }

    /**
     * The name of the token {@code presented} is, compared with every token in constant time
     * ({@link MessageDigest#isEqual}): neither the reply nor its timing tells how much of a guess was right, or
     * which token it came close to.
     */
    Optional<String> holder(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.US_ASCII);
        String holder = null;
        for (Map.Entry<String, byte[]> entry : tokensByName.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), bytes)) {
                holder = entry.getKey();
            }
        }
        return Optional.ofNullable(holder);
    }

    private static void check(int line, boolean holds, String reason) {
        if (!holds) {
            throw new IllegalArgumentException("line " + line + ": " + reason);
        }
    }
}

package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One secret and how it goes on a request. {@code toString} shows at most its last four characters.
 * A secret always fits in an HTTP header: visible ASCII and spaces only. One read from outside is
 * checked by {@link #read}, whose one-line failure names where it came from, never the value; an HTTP
 * library would otherwise put the value in its exception text.
 */
public record Credential(Kind kind, String secret) {

    /** Where a secret was read ({@code ANTHROPIC_API_KEY}, …), and what to do when it is unusable. */
    public record Origin(String name, String remedy) {
    }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secret, "secret");
        check(secret, new Origin("A credential", "check where it came from"));
    }

    /** {@code secret} as read from {@code origin}; fails with one line naming the origin when it cannot be sent. */
    public static Credential read(Kind kind, String secret, Origin origin) {
        check(secret, origin);
        return new Credential(kind, secret);
    }

    private static void check(String secret, Origin origin) {
        int at = unsendableAt(secret);
        if (at >= 0) {
            throw new ClauthException(origin.name() + " contains a character that cannot be sent in an HTTP header"
                    + " (position " + (at + 1) + "); " + origin.remedy());
        }
    }

    /** The index of the first character that cannot go in an HTTP header value (controls, non-ASCII), or -1. */
    static int unsendableAt(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return i;
            }
        }
        return -1;
    }

    public static final String OAUTH_BETA = "oauth-2025-04-20";

    public enum Kind {
        /** {@code x-api-key}. */
        API_KEY,
        /** {@code Authorization: Bearer}. */
        BEARER_TOKEN,
        /** {@code Authorization: Bearer} with {@code anthropic-beta: oauth-2025-04-20}. */
        OAUTH_TOKEN,
        /** An {@code apiKeyHelper}'s value, sent both as {@code x-api-key} and as a Bearer token. */
        HELPER_KEY
    }

    /** The headers that carry this credential (names in lower case). */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (kind == Kind.API_KEY || kind == Kind.HELPER_KEY) {
            headers.put("x-api-key", secret);
        }
        if (kind != Kind.API_KEY) {
            headers.put("authorization", "Bearer " + secret);
        }
        return headers;
    }

    public boolean needsOAuthBeta() {
        return kind == Kind.OAUTH_TOKEN;
    }

    /** The last four characters, for {@code status}; never more. */
    public String lastFour() {
        return lastFour(secret);
    }

    /**
     * The last four characters of any secret, for showing it (nothing of a short one); a character that
     * cannot be printed on a line shows as {@code ?}.
     */
    public static String lastFour(String secret) {
        return secret.length() <= 8 ? "…" : "…" + secret.substring(secret.length() - 4).replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return "Credential[" + kind + " " + lastFour() + "]";
    }
}

package dev.clauth.core.credentials;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One secret and how it goes on a request. {@code toString} shows at most its last four characters.
 */
public record Credential(Kind kind, String secret) {

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
        return secret.length() <= 8 ? "…" : "…" + secret.substring(secret.length() - 4);
    }

    @Override
    public String toString() {
        return "Credential[" + kind + " " + lastFour() + "]";
    }
}

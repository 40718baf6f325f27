package dev.clauth.core.credentials.helper;

import java.util.regex.Pattern;

/**
 * Blots out secrets in text a helper wrote, before any of it is shown: the key itself, and anything that
 * looks like a token whatever it is — {@code Bearer …}, a {@code sk-…} or {@code clauth_sk_…} /
 * {@code clauth_at_…} / {@code clauth_rt_…} value, and any run of 20 or more base64url or hex characters.
 * A helper's stderr may echo another secret (a vault token, a password) that is not the key.
 */
public final class Redaction {

    public static final String MARK = "[redacted]";
    private static final Pattern TOKEN_LIKE = Pattern.compile("(?i)\\bbearer\\s+\\S+"
            + "|(?<![A-Za-z0-9])(?:sk-|clauth_(?:sk|at|rt)_)[A-Za-z0-9_\\-]*"
            + "|[A-Za-z0-9_\\-]{20,}={0,2}");

    private Redaction() {
    }

    /** {@code text} with {@code key} (and each of its lines of 8 or more characters) and anything token-like blotted out. */
    public static String redact(String text, String key) {
        String result = text;
        if (!key.isEmpty()) {
            result = result.replace(key, MARK);
            for (String line : key.lines().map(String::strip).filter(l -> l.length() >= 8).toList()) {
                result = result.replace(line, MARK);
            }
        }
        return TOKEN_LIKE.matcher(result).replaceAll(MARK);
    }
}

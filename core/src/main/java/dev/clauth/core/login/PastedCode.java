package dev.clauth.core.login;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.clauth.core.oauth.IssuerCheck;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pasted {@code code#state}. {@link #read} forgives what people paste: surrounding whitespace, a code
 * wrapped over several lines, quotes around it, or the whole address of the page that showed it (the
 * server's {@code /oauth/code/callback} or the loopback {@code /callback}); and it tells apart a code of
 * another login attempt, a code cut short, and text that is no code at all. A pasted address carries the
 * server's {@code iss} too, which must name this login's issuer ({@link IssuerCheck}); a bare
 * {@code code#state} has none, as the reference's page shows it.
 */
public record PastedCode(String code, String state) {

    public static final String INVALID = "Invalid code. Please make sure the full code was copied.";
    public static final String NOT_A_CODE = "That is not a login code. Paste the code shown after you sign in"
            + " (it looks like code#state), or the whole address of that page.";
    public static final String WRONG_STATE =
            "That code is from a different login attempt; paste the code from the page this login opened.";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    private static final int MAX_CHARS = 8192;

    /** What a paste came to, checked against the state of this login. */
    public sealed interface Reading {
        /** A code of this login; {@code loopback} when it came in a pasted loopback callback address. */
        record Code(String code, boolean loopback) implements Reading {
            @Override
            public String toString() {
                return "Code[loopback=" + loopback + "]";
            }
        }

        /** A code of another login attempt. */
        record WrongState() implements Reading {
        }

        /** The address of a page that says the sign-in was refused ({@code error=…}). */
        record Refused(String error) implements Reading {
        }

        /** The beginning of a code or address, perhaps wrapped onto the next line. */
        record Incomplete() implements Reading {
        }

        /** Text that is no code. */
        record NotACode() implements Reading {
        }

        /** An address whose {@code iss} names another server (or none, where one is required); {@code message} says so. */
        record WrongIssuer(String message) implements Reading {
        }
    }

    /** The reference's reading: trimmed, split on the first {@code #}; either part empty → invalid. */
    public static Optional<PastedCode> parse(String input) {
        String text = input.trim();
        int hash = text.indexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new PastedCode(text.substring(0, hash), text.substring(hash + 1)));
    }

    /** Reads pasted text (one or more lines) against the {@code expectedState} of this login. */
    public static Reading read(String pasted, String expectedState) {
        return read(pasted, expectedState, IssuerCheck.NONE);
    }

    /** Reads pasted text against this login's {@code expectedState} and, in a pasted address, its issuer. */
    public static Reading read(String pasted, String expectedState, IssuerCheck issuerCheck) {
        if (pasted.length() > MAX_CHARS) {
            return new Reading.NotACode();
        }
        String text = unquote(String.join("", pasted.strip().lines().map(String::strip).toList()));
        if (text.isEmpty()) {
            return new Reading.Incomplete();
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return new Reading.NotACode();
        }
        if (text.regionMatches(true, 0, "http://", 0, 7) || text.regionMatches(true, 0, "https://", 0, 8)
                || text.contains("?")) {
            return readAddress(text, expectedState, issuerCheck);
        }
        int hash = text.indexOf('#');
        if (hash < 0) {
            return TOKEN.matcher(text).matches() ? new Reading.Incomplete() : new Reading.NotACode();
        }
        String code = text.substring(0, hash);
        String state = text.substring(hash + 1);
        if (code.isEmpty()) {
            return new Reading.Incomplete();
        }
        if (!TOKEN.matcher(code).matches() || !(state.isEmpty() || TOKEN.matcher(state).matches())) {
            return new Reading.NotACode();
        }
        return check(code, state, false, expectedState);
    }

    private static Reading readAddress(String text, String expectedState, IssuerCheck issuerCheck) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            return new Reading.NotACode();
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.endsWith("/callback")) {
            return new Reading.NotACode();
        }
        Map<String, List<String>> query = URLUtils.parseParameters(uri.getRawQuery());
        String error = first(query, "error");
        if (error != null) {
            return new Reading.Refused(error);
        }
        String code = first(query, "code");
        String state = first(query, "state");
        if (code == null || code.isEmpty()) {
            return new Reading.Incomplete();
        }
        if (!TOKEN.matcher(code).matches()) {
            return new Reading.NotACode();
        }
        boolean loopback = path.equals("/callback") && isLoopback(uri.getHost());
        Reading reading = check(code, state == null ? "" : state, loopback, expectedState);
        if (!(reading instanceof Reading.Code)) {
            return reading;
        }
        String iss = first(query, "iss");
        var wrongIssuer = issuerCheck.problem(iss);
        if (wrongIssuer.isEmpty()) {
            return reading;
        }
        return issuerCheck.mayBeCutShort(iss) ? new Reading.Incomplete() : new Reading.WrongIssuer(wrongIssuer.get());
    }

    private static Reading check(String code, String state, boolean loopback, String expectedState) {
        if (dev.clauth.core.oauth.LoginState.matches(new com.nimbusds.oauth2.sdk.id.State(expectedState), state)) {
            return new Reading.Code(code, loopback);
        }
        return expectedState.startsWith(state) ? new Reading.Incomplete() : new Reading.WrongState();
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static String unquote(String text) {
        String t = text;
        while (t.length() >= 2 && ("\"'`<".indexOf(t.charAt(0)) >= 0) && ("\"'`>".indexOf(t.charAt(t.length() - 1)) >= 0)) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return "PastedCode[…]";
    }
}

package dev.clauth.core.oauth;

import dev.clauth.core.config.ServerLocations;
import java.util.Optional;

/**
 * RFC 9207: the {@code iss} parameter of an authorization response (the callback, or a pasted callback
 * address) must name the authorization server this login started with, so that a code another server
 * issued (a mix-up) is never sent to this one's token endpoint. When the server's metadata says it
 * always sends {@code iss} ({@code authorization_response_iss_parameter_supported}), an answer without
 * one is refused too.
 */
public record IssuerCheck(String issuer, boolean required) {

    /** No check: for a login whose server is not known (tests of the callback alone). */
    public static final IssuerCheck NONE = new IssuerCheck(null, false);

    private static final int MAX_SHOWN = 100;

    /** Why an answer carrying {@code iss} (null when it had none) must be refused, if it must. */
    public Optional<String> problem(String iss) {
        if (issuer == null) {
            return Optional.empty();
        }
        if (iss == null || iss.isEmpty()) {
            return required ? Optional.of("The sign-in answer did not say which server sent it, though " + issuer
                    + " always does; start again with clauth auth login") : Optional.empty();
        }
        if (ServerLocations.stripTrailingSlash(iss).equals(issuer)) {
            return Optional.empty();
        }
        return Optional.of("The sign-in answer came from " + shown(iss) + ", not " + issuer
                + "; start again with clauth auth login");
    }

    /** True when {@code iss} may be the start of the issuer, cut short where a pasted address was wrapped. */
    public boolean mayBeCutShort(String iss) {
        return issuer != null && (iss == null ? required : issuer.startsWith(iss) && !issuer.equals(iss));
    }

    private static String shown(String iss) {
        String clean = iss.replaceAll("[^A-Za-z0-9._~:/?#@!$&'()*+,;=%\\[\\]-]", "?");
        return clean.length() > MAX_SHOWN ? clean.substring(0, MAX_SHOWN) + "…" : clean;
    }
}

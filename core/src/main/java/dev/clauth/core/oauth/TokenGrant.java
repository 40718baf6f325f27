package dev.clauth.core.oauth;

import java.util.List;
import java.util.Optional;

/**
 * A successful token response as clauth reads it: the tokens, their lifetime, the granted scopes, and
 * the {@code account} / {@code organization} extras, and an OpenID provider's {@code id_token}. {@code toString} hides the tokens.
 */
public record TokenGrant(
        String accessToken,
        Optional<String> refreshToken,
        long expiresInSeconds,
        List<String> scopes,
        Optional<String> accountUuid,
        Optional<String> emailAddress,
        Optional<String> organizationUuid,
        Optional<String> organizationName,
        Optional<String> organizationType,
        Optional<String> idToken) {

    /** The email an OpenID provider's ID token names, when there is one (read from the token endpoint's own answer). */
    public Optional<String> idTokenEmail() {
        return idToken.flatMap(Jwt::claims).flatMap(c -> {
            try {
                return Optional.ofNullable(c.getStringClaim("email"));
            } catch (java.text.ParseException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String toString() {
        return "TokenGrant[expiresIn=" + expiresInSeconds + ", scopes=" + scopes + "]";
    }
}

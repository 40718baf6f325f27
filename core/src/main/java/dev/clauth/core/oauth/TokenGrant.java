package dev.clauth.core.oauth;

import java.util.List;
import java.util.Optional;

/**
 * A successful token response as clauth reads it: the tokens, their lifetime, the granted scopes, and
 * the {@code account} / {@code organization} extras. {@code toString} hides the tokens.
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
        Optional<String> organizationType) {

    @Override
    public String toString() {
        return "TokenGrant[expiresIn=" + expiresInSeconds + ", scopes=" + scopes + "]";
    }
}

package dev.clauth.core.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code claudeAiOauth} entry of {@code .credentials.json}: a subscription login and the
 * authorization server ({@code issuer}) and client it belongs to. {@code toString} hides the tokens.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredLogin(
        String accessToken,
        String refreshToken,
        long expiresAt,
        List<String> scopes,
        String subscriptionType,
        String rateLimitTier,
        String issuer,
        String clientId) {

    public StoredLogin {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public Instant expiry() {
        return Instant.ofEpochMilli(expiresAt);
    }

    /** True when the access token expires within {@code margin} of {@code now} (or already has). */
    public boolean expiresWithin(Duration margin, Instant now) {
        return !now.plus(margin).isBefore(expiry());
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public StoredLogin withTokens(String newAccessToken, String newRefreshToken, long newExpiresAt, List<String> newScopes) {
        return new StoredLogin(newAccessToken, newRefreshToken, newExpiresAt, newScopes, subscriptionType,
                rateLimitTier, issuer, clientId);
    }

    @Override
    public String toString() {
        return "StoredLogin[issuer=" + issuer + ", clientId=" + clientId + ", expiresAt=" + expiresAt
                + ", scopes=" + scopes + ", subscriptionType=" + subscriptionType + "]";
    }
}

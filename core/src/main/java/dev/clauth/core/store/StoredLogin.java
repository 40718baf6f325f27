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
        String clientId,
        Long expiresIn) {

    public StoredLogin {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** A login whose access token's lifetime is not known. */
    public StoredLogin(String accessToken, String refreshToken, long expiresAt, List<String> scopes,
            String subscriptionType, String rateLimitTier, String issuer, String clientId) {
        this(accessToken, refreshToken, expiresAt, scopes, subscriptionType, rateLimitTier, issuer, clientId, null);
    }

    /** The access token's lifetime when it was issued ({@code expires_in}), if known: it sets the refresh margin. */
    public java.util.Optional<Duration> lifetime() {
        return java.util.Optional.ofNullable(expiresIn).map(Duration::ofSeconds);
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
                rateLimitTier, issuer, clientId, expiresIn);
    }

    /** {@link #withTokens} with the new token's lifetime. */
    public StoredLogin withTokens(String newAccessToken, String newRefreshToken, long newExpiresAt, List<String> newScopes,
            long newExpiresIn) {
        return new StoredLogin(newAccessToken, newRefreshToken, newExpiresAt, newScopes, subscriptionType,
                rateLimitTier, issuer, clientId, newExpiresIn);
    }

    @Override
    public String toString() {
        return "StoredLogin[issuer=" + issuer + ", clientId=" + clientId + ", expiresAt=" + expiresAt
                + ", scopes=" + scopes + ", subscriptionType=" + subscriptionType + "]";
    }
}

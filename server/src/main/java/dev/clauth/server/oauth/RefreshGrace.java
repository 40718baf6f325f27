package dev.clauth.server.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refresh-token rotation with reuse detection (RFC 9700, section 4.14.2) that forgives a lost
 * response. When a refresh token is rotated, the response that replaced it is kept for the grace
 * period, sealed ({@link SealedTokens}) under a key derived from the old token; presenting the
 * old token again within that period answers the very same tokens (as long as they are still
 * the login's current ones). Presenting it after the grace period means it was copied: the whole
 * login ends, its newest tokens included. The database never holds a usable token: the old token
 * is stored as a hash, and the sealed response opens only with the old token itself.
 * <p>
 * Every method runs inside {@link AtomicTokenGrant}'s transaction, with the login's row locked.
 */
public final class RefreshGrace {

    /** The grace period when none is configured. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final OAuth2AuthorizationService authorizations;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration grace;
    private final SealedTokens seals = new SealedTokens();

    public RefreshGrace(JdbcClient jdbc, OAuth2AuthorizationService authorizations, JsonMapper json, Clock clock,
            Duration grace) {
        this.jdbc = jdbc;
        this.authorizations = authorizations;
        this.json = json;
        this.clock = clock;
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** Right after a rotation: keeps what {@code oldRefreshToken} was exchanged for, sealed, until the grace period ends. */
    void remember(String oldRefreshToken, OAuth2AccessTokenAuthenticationToken issued) {
        long now = clock.millis();
        jdbc.sql("UPDATE oauth_retired_refresh_token SET sealed_response = NULL, grace_until = NULL WHERE grace_until < ?")
                .param(now).update();
        OAuth2AccessToken access = issued.getAccessToken();
        OAuth2RefreshToken refresh = issued.getRefreshToken();
        if (refresh == null) {
            return;
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", access.getTokenValue());
        tokens.put("access_issued_at", access.getIssuedAt().toEpochMilli());
        tokens.put("access_expires_at", access.getExpiresAt().toEpochMilli());
        tokens.put("scope", List.copyOf(access.getScopes()));
        tokens.put("refresh_token", refresh.getTokenValue());
        tokens.put("refresh_issued_at", refresh.getIssuedAt().toEpochMilli());
        tokens.put("refresh_expires_at", refresh.getExpiresAt().toEpochMilli());
        jdbc.sql("UPDATE oauth_retired_refresh_token SET sealed_response = ?, grace_until = ? WHERE token_hash = ?")
                .params(seals.seal(oldRefreshToken, json.writeValueAsString(tokens)), now + grace.toMillis(),
                        TokenHash.of(oldRefreshToken))
                .update();
    }

    /**
     * A refresh token that rotation has already replaced, presented again: within the grace
     * period, the same tokens its rotation issued ({@link ReplayedTokens}); after it, the login
     * ends and {@link ReuseDetected} is thrown.
     */
    OAuth2AccessTokenAuthenticationToken replayOrEndLogin(String authorizationId, String presented,
            OAuth2ClientAuthenticationToken client) {
        OAuth2Authorization login = authorizations.findById(authorizationId);
        if (login == null || client.getRegisteredClient() == null
                || !client.getRegisteredClient().getId().equals(login.getRegisteredClientId())) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
        }
        Map<String, Object> retired = jdbc
                .sql("SELECT sealed_response, grace_until FROM oauth_retired_refresh_token WHERE token_hash = ?")
                .param(TokenHash.of(presented)).query().singleRow();
        Object graceUntil = retired.get("grace_until");
        if (graceUntil instanceof Number until && clock.millis() < until.longValue()) {
            ReplayedTokens replay = open(presented, (String) retired.get("sealed_response"), login, client);
            if (replay == null) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                        "This refresh token has already been replaced; use the newest one.", null));
            }
            return replay;
        }
        if (login.getRefreshToken() != null) {
            authorizations.save(OAuth2Authorization.from(login).invalidate(login.getRefreshToken().getToken()).build());
        }
        jdbc.sql("UPDATE oauth_retired_refresh_token SET sealed_response = NULL, grace_until = NULL WHERE authorization_id = ?")
                .param(authorizationId).update();
        throw new ReuseDetected();
    }

    /** The sealed tokens, when they open with {@code presented} and are still the login's live ones. */
    private ReplayedTokens open(String presented, String sealed, OAuth2Authorization login,
            OAuth2ClientAuthenticationToken client) {
        String plaintext = sealed == null ? null : seals.open(presented, sealed);
        if (plaintext == null) {
            return null;
        }
        Map<String, Object> tokens = json.readValue(plaintext, new TypeReference<Map<String, Object>>() {
        });
        String accessValue = (String) tokens.get("access_token");
        String refreshValue = (String) tokens.get("refresh_token");
        OAuth2Authorization.Token<OAuth2AccessToken> currentAccess = login.getAccessToken();
        OAuth2Authorization.Token<OAuth2RefreshToken> currentRefresh = login.getRefreshToken();
        if (currentAccess == null || currentRefresh == null || !currentRefresh.isActive()
                || currentAccess.isInvalidated() || !isHashOf(currentAccess.getToken().getTokenValue(), accessValue)
                || !isHashOf(currentRefresh.getToken().getTokenValue(), refreshValue)) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (tokens.get("scope") instanceof List<?> list) {
            list.forEach(scope -> scopes.add(String.valueOf(scope)));
        }
        OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessValue,
                instant(tokens.get("access_issued_at")), instant(tokens.get("access_expires_at")), scopes);
        OAuth2RefreshToken refresh = new OAuth2RefreshToken(refreshValue, instant(tokens.get("refresh_issued_at")),
                instant(tokens.get("refresh_expires_at")));
        return new ReplayedTokens(client, access, refresh, Map.of());
    }

    /** A loaded login shows the secrets it was not found by as {@code sha256:<hash>}. */
    private static boolean isHashOf(String kept, String secret) {
        return kept != null && kept.startsWith(HashingAuthorizationService.KEPT_HASH)
                && TokenHash.matches(TokenHash.of(secret), kept.substring(HashingAuthorizationService.KEPT_HASH.length()));
    }

    private static Instant instant(Object millis) {
        return Instant.ofEpochMilli(((Number) millis).longValue());
    }

    /** The answer to a refresh request repeated within the grace period: the tokens already issued for it. */
    public static final class ReplayedTokens extends OAuth2AccessTokenAuthenticationToken {

        ReplayedTokens(OAuth2ClientAuthenticationToken client, OAuth2AccessToken access, OAuth2RefreshToken refresh,
                Map<String, Object> additionalParameters) {
            super(client.getRegisteredClient(), client, access, refresh, additionalParameters);
        }
    }

    /** A rotated refresh token presented after the grace period: the login has been ended. */
    public static final class ReuseDetected extends OAuth2AuthenticationException {

        ReuseDetected() {
            super(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "This refresh token was already used; the login has been ended. Log in again.", null));
        }
    }
}

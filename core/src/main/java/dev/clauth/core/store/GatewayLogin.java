package dev.clauth.core.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code enterpriseGateway} entry of {@code .credentials.json}, exactly as Claude Code writes it: a
 * sign-in to a company's Claude Code gateway at {@code url}. {@code jwt} is the gateway's access token and
 * {@code idpRefreshToken} its refresh token, whatever their format; {@code expiresAt} is epoch ms.
 * {@code toString} hides the tokens.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewayLogin(
        String url,
        String jwt,
        long expiresAt,
        String tokenEndpoint,
        String revocationEndpoint,
        String idpRefreshToken,
        String email,
        Boolean vouchedAtLogin,
        String organizationUuid) {

    public Instant expiry() {
        return Instant.ofEpochMilli(expiresAt);
    }

    public boolean expiresWithin(Duration margin, Instant now) {
        return !now.plus(margin).isBefore(expiry());
    }

    /** The same sign-in with the tokens of a refresh; a refresh without a new refresh token keeps the old one. */
    public GatewayLogin withTokens(String newJwt, String newRefreshToken, long newExpiresAt) {
        return new GatewayLogin(url, newJwt, newExpiresAt, tokenEndpoint, revocationEndpoint,
                newRefreshToken == null ? idpRefreshToken : newRefreshToken, email, vouchedAtLogin, organizationUuid);
    }

    /** The token endpoint the reference falls back to when none was recorded. */
    public String tokenEndpointOrDefault() {
        return tokenEndpoint != null ? tokenEndpoint : url + "/oauth/token";
    }

    @Override
    public String toString() {
        return "GatewayLogin[url=" + url + ", expiresAt=" + expiresAt + ", email=" + email + "]";
    }
}

package dev.clauth.server.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;

/**
 * Adds who the tokens act for to every token response, as the reference client reads it:
 * {@code account: {uuid, email_address}} and {@code organization: {uuid, name, organization_type}}.
 * Runs inside the grant's transaction ({@link AtomicTokenGrant}), so that a failure here leaves
 * the code or refresh token unused.
 */
public final class AccountTokenResponse {

    private final OAuth2AuthorizationService authorizations;
    private final AccountStore accounts;

    public AccountTokenResponse(OAuth2AuthorizationService authorizations, AccountStore accounts) {
        this.authorizations = authorizations;
        this.accounts = accounts;
    }

    /** The same tokens, with {@code account} and {@code organization} among the response's parameters. */
    OAuth2AccessTokenAuthenticationToken add(OAuth2AccessTokenAuthenticationToken issued) {
        String accessToken = issued.getAccessToken().getTokenValue();
        OAuth2Authorization authorization = authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
        Membership membership = authorization == null ? null
                : accounts.findPrimaryMembership(authorization.getPrincipalName()).orElse(null);
        if (membership == null) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The account of this login no longer exists.", null));
        }
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("uuid", membership.account().uuid());
        account.put("email_address", membership.account().email());
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("uuid", membership.organization().uuid());
        organization.put("name", membership.organization().name());
        organization.put("organization_type", membership.organization().organizationType());
        Map<String, Object> parameters = new LinkedHashMap<>(issued.getAdditionalParameters());
        parameters.put("account", account);
        parameters.put("organization", organization);
        if (issued instanceof RefreshGrace.ReplayedTokens) {
            return new RefreshGrace.ReplayedTokens((OAuth2ClientAuthenticationToken) issued.getPrincipal(),
                    issued.getAccessToken(), issued.getRefreshToken(), parameters);
        }
        return new OAuth2AccessTokenAuthenticationToken(issued.getRegisteredClient(),
                (Authentication) issued.getPrincipal(), issued.getAccessToken(),
                issued.getRefreshToken(), parameters);
    }
}

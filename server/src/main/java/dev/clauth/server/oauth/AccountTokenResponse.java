package dev.clauth.server.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;

/**
 * Adds who the tokens act for to every token response, as the reference client reads it:
 * {@code account: {uuid, email_address}} and {@code organization: {uuid, name, organization_type}}.
 */
public final class AccountTokenResponse implements Consumer<OAuth2AccessTokenAuthenticationContext> {

    private final OAuth2AuthorizationService authorizations;
    private final AccountStore accounts;

    public AccountTokenResponse(OAuth2AuthorizationService authorizations, AccountStore accounts) {
        this.authorizations = authorizations;
        this.accounts = accounts;
    }

    @Override
    public void accept(OAuth2AccessTokenAuthenticationContext context) {
        OAuth2AccessTokenAuthenticationToken result = context.getAuthentication();
        String accessToken = result.getAccessToken().getTokenValue();
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
        context.getAccessTokenResponse().additionalParameters(Map.of("account", account, "organization", organization));
    }
}

package dev.clauth.server.oauth;

import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * RFC 6749 §4.1.2: a code used more than once is refused and what was issued from it is revoked.
 * Spring revokes only when the replay also carries the right PKCE verifier; a public client's
 * verifier is checked first, during client authentication, so a replay with any other verifier
 * would be refused and leave the tokens working. Wrapped around that client authentication, this
 * ends the login whenever an already-redeemed code comes back, whatever the verifier: a code seen
 * twice has leaked, and the person logs in again rather than an attacker keeping a session.
 */
final class ReplayedCodeRevocation implements AuthenticationProvider {
    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;

    ReplayedCodeRevocation(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations) {
        this.delegate = delegate;
        this.authorizations = authorizations;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        try {
            return delegate.authenticate(authentication);
        } catch (AuthenticationException refused) {
            endLoginOfReplayedCode(authentication);
            throw refused;
        }
    }

    private void endLoginOfReplayedCode(Authentication authentication) {
        if (!(authentication instanceof OAuth2ClientAuthenticationToken client)) {
            return;
        }
        Map<String, Object> parameters = client.getAdditionalParameters();
        if (!AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(parameters.get(OAuth2ParameterNames.GRANT_TYPE))
                || !(parameters.get(OAuth2ParameterNames.CODE) instanceof String code)) {
            return;
        }
        OAuth2Authorization login = authorizations.findByToken(code, OpaqueTokenGenerator.CODE);
        if (login == null) {
            return;
        }
        OAuth2Authorization.Token<OAuth2AuthorizationCode> issued = login.getToken(OAuth2AuthorizationCode.class);
        if (issued != null && issued.isInvalidated() && login.getAccessToken() != null) {
            authorizations.save(EndedLogin.of(login));
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}

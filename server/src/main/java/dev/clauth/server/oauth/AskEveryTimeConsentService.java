package dev.clauth.server.oauth;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/**
 * Consent is never remembered: every login shows the consent page, so a person always sees
 * what a CLI asks for, and "Deny" always means no.
 */
public final class AskEveryTimeConsentService implements OAuth2AuthorizationConsentService {

    @Override
    public void save(OAuth2AuthorizationConsent authorizationConsent) {
        // nothing kept
    }

    @Override
    public void remove(OAuth2AuthorizationConsent authorizationConsent) {
        // nothing kept
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        return null;
    }
}

package dev.clauth.server.oauth;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One of Spring's token-grant providers (code, refresh token, device code), made atomic: the
 * whole grant is one database transaction that starts by locking the login's row, so that two
 * requests with the same code, refresh token or device code are served one after the other,
 * and the second sees what the first did.
 * <ul>
 * <li>A refusal (an OAuth error) commits what the grant recorded on the way, such as the
 * revocation that follows a replayed code.</li>
 * <li>Any other failure (the database, the token generator) rolls everything back and answers
 * {@code server_error} (500): the code or refresh token has not been used up, and the client may
 * simply try again.</li>
 * <li>A refresh token that rotation has already replaced goes to {@link RefreshGrace}: the same
 * tokens within the grace period, the end of the login after it.</li>
 * <li>A device polling sooner than its interval gets {@code slow_down} ({@link DevicePolling}).</li>
 * <li>Every answer carries the account and organisation ({@link AccountTokenResponse}).</li>
 * </ul>
 */
public final class AtomicTokenGrant implements AuthenticationProvider {

    private static final Log log = LogFactory.getLog(AtomicTokenGrant.class);

    private final AuthenticationProvider grant;
    private final TransactionTemplate transactions;
    private final HashingAuthorizationService logins;
    private final RefreshGrace grace;
    private final DevicePolling polling;
    private final AccountTokenResponse accounts;

    AtomicTokenGrant(AuthenticationProvider grant, TransactionTemplate transactions, HashingAuthorizationService logins,
            RefreshGrace grace, DevicePolling polling, AccountTokenResponse accounts) {
        this.grant = grant;
        this.transactions = transactions;
        this.logins = logins;
        this.grace = grace;
        this.polling = polling;
        this.accounts = accounts;
    }

    /** Whether {@code provider} is one of the grants this class makes atomic. */
    static boolean isTokenGrant(AuthenticationProvider provider) {
        return provider.supports(OAuth2AuthorizationCodeAuthenticationToken.class)
                || provider.supports(OAuth2RefreshTokenAuthenticationToken.class)
                || provider.supports(OAuth2DeviceCodeAuthenticationToken.class);
    }

    @Override
    public Authentication authenticate(Authentication request) {
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> {
                try {
                    return new Outcome(inTransaction(request), null);
                } catch (OAuth2AuthenticationException refused) {
                    return new Outcome(null, refused);
                }
            });
        } catch (RuntimeException failed) {
            log.warn("Token request failed and was rolled back: " + failed);
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
                    "The server could not complete the token request; nothing was used up. Try again.", null), failed);
        }
        if (outcome.refused() != null) {
            throw outcome.refused();
        }
        return outcome.issued();
    }

    private OAuth2AccessTokenAuthenticationToken inTransaction(Authentication request) {
        if (request instanceof OAuth2RefreshTokenAuthenticationToken refresh) {
            HashingAuthorizationService.Locked login = logins.lock(refresh.getRefreshToken(), OAuth2TokenType.REFRESH_TOKEN);
            if (login != null && !login.current()) {
                return accounts.add(grace.replayOrEndLogin(login.id(), refresh.getRefreshToken(),
                        (OAuth2ClientAuthenticationToken) refresh.getPrincipal()));
            }
            OAuth2AccessTokenAuthenticationToken issued = accounts.add(issue(request));
            grace.remember(refresh.getRefreshToken(), issued);
            return issued;
        }
        if (request instanceof OAuth2DeviceCodeAuthenticationToken device) {
            HashingAuthorizationService.Locked login = logins.lock(device.getDeviceCode(),
                    HashingAuthorizationService.DEVICE_CODE);
            if (login != null && logins.findById(login.id()).getAccessToken() != null) {
                // Spring would answer access_denied; the device was approved, its code is just used up
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                        "This device code has already been exchanged for tokens.", null));
            }
            boolean tooSoon = login != null && polling.tooSoon(login.id());
            try {
                return accounts.add(issue(request));
            } catch (OAuth2AuthenticationException refused) {
                if (tooSoon && "authorization_pending".equals(refused.getError().getErrorCode())) {
                    throw polling.slowDown(login.id());
                }
                throw refused;
            }
        }
        if (request instanceof OAuth2AuthorizationCodeAuthenticationToken code) {
            logins.lock(code.getCode(), OpaqueTokenGenerator.CODE);
        }
        return accounts.add(issue(request));
    }

    private OAuth2AccessTokenAuthenticationToken issue(Authentication request) {
        return (OAuth2AccessTokenAuthenticationToken) grant.authenticate(request);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return grant.supports(authentication);
    }

    private record Outcome(OAuth2AccessTokenAuthenticationToken issued, OAuth2AuthenticationException refused) {
    }
}

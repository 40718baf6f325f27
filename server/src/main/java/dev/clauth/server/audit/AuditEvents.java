package dev.clauth.server.audit;

import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.account.Membership;
import dev.clauth.server.oauth.TokenHash;

/**
 * Turns Spring Security's authentication events into audit entries: sign-ins and failed
 * sign-ins, consents given and refused, tokens issued and token requests refused. Each goes to
 * the organisation the account acts for; secrets are never recorded.
 */
@Component
public class AuditEvents {

    private final AuditLog audit;
    private final AccountStore accounts;
    private final JdbcClient jdbc;

    public AuditEvents(AuditLog audit, AccountStore accounts, JdbcClient jdbc) {
        this.audit = audit;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        Authentication result = event.getAuthentication();
        if (result instanceof UsernamePasswordAuthenticationToken && result.getDetails() != null) {
            record(result.getName(), "sign_in", null, null);
        } else if (result instanceof OAuth2AuthorizationCodeRequestAuthenticationToken granted
                && granted.getAuthorizationCode() != null && granted.getPrincipal() instanceof Authentication user) {
            record(user.getName(), "consent.granted", granted.getClientId(), String.join(" ", granted.getScopes()));
        } else if (result instanceof OAuth2AccessTokenAuthenticationToken issued) {
            principalOfAccessToken(issued.getAccessToken().getTokenValue()).ifPresent(account -> record(account,
                    "token.issued", issued.getRegisteredClient().getClientId(),
                    String.join(" ", issued.getAccessToken().getScopes())
                            + (issued.getRefreshToken() != null ? " (with refresh token)" : "")));
        }
    }

    @EventListener
    public void failed(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        if (attempt instanceof UsernamePasswordAuthenticationToken && attempt.getDetails() != null) {
            String email = AccountStore.normalizeEmail(String.valueOf(attempt.getPrincipal()));
            String org = accounts.findCredentials(email)
                    .flatMap(c -> accounts.findPrimaryMembership(c.accountUuid()))
                    .map(m -> m.organization().uuid()).orElse(null);
            audit.record(new AuditLog.Entry(org, null, email, "sign_in.failed", email, null, remoteAddress()));
        } else if (attempt instanceof OAuth2AuthorizationConsentAuthenticationToken consent
                && consent.getPrincipal() instanceof Authentication user) {
            record(user.getName(), "consent.denied", consent.getClientId(), errorOf(event));
        } else if (attempt instanceof OAuth2AuthorizationCodeAuthenticationToken exchange) {
            Optional<String> account = principalOf("code_hash", exchange.getCode());
            record(account.orElse(null), "token.refused", "authorization_code", errorOf(event));
        } else if (attempt instanceof OAuth2RefreshTokenAuthenticationToken refresh) {
            Optional<String> account = principalOf("refresh_token_hash", refresh.getRefreshToken());
            record(account.orElse(null), "token.refused", "refresh_token", errorOf(event));
        }
    }

    private void record(String accountUuid, String action, String target, String detail) {
        if (accountUuid == null) {
            return;
        }
        Optional<Membership> membership = accounts.findPrimaryMembership(accountUuid);
        audit.record(new AuditLog.Entry(membership.map(m -> m.organization().uuid()).orElse(null), accountUuid,
                membership.map(m -> m.account().email()).orElse(null), action, target, detail, remoteAddress()));
    }

    /** Whose login a token belongs to, straight from the table (no side effects such as reuse detection). */
    private Optional<String> principalOf(String column, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT principal_name FROM oauth_authorization WHERE " + column + " = ?")
                .param(TokenHash.of(token)).query(String.class).optional();
    }

    private Optional<String> principalOfAccessToken(String token) {
        return principalOf("access_token_hash", token);
    }

    private static String errorOf(AbstractAuthenticationFailureEvent event) {
        return event.getException() instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode()
                : event.getException().getClass().getSimpleName();
    }

    private static String remoteAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? request.getRequest().getRemoteAddr() : null;
    }
}

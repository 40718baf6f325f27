package dev.clauth.server.session;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Service;
import dev.clauth.server.oauth.EndedLogin;
import org.springframework.transaction.annotation.Transactional;

/**
 * An account's logins (OAuth authorizations) as its owner sees them, and signing them out. A
 * login is active while its refresh token or its access token can still be used. Signing out
 * goes through the authorization service, so that it is the same as a revocation.
 */
@Service
public class LoginSessions {

    private final JdbcClient jdbc;
    private final OAuth2AuthorizationService authorizations;
    private final Clock clock;

    public LoginSessions(JdbcClient jdbc, OAuth2AuthorizationService authorizations, Clock clock) {
        this.jdbc = jdbc;
        this.authorizations = authorizations;
        this.clock = clock;
    }

    /** The account's logins that can still be used, most recently used first. */
    public List<Session> active(String accountUuid) {
        long now = clock.millis();
        return jdbc.sql("""
                SELECT id, authorized_scopes, access_token_issued_at, refresh_token_issued_at, refresh_token_expires_at,
                       access_token_expires_at, updated_at
                  FROM oauth_authorization
                 WHERE principal_name = ?
                   AND ((refresh_token_hash IS NOT NULL AND refresh_token_invalidated = FALSE AND refresh_token_expires_at > ?)
                     OR (access_token_hash IS NOT NULL AND access_token_invalidated = FALSE AND access_token_expires_at > ?))
                 ORDER BY updated_at DESC""")
                .params(accountUuid, now, now)
                .query((rs, n) -> {
                    long issued = rs.getLong("refresh_token_issued_at");
                    if (rs.wasNull()) {
                        issued = rs.getLong("access_token_issued_at");
                    }
                    long expires = Math.max(rs.getLong("refresh_token_expires_at"), rs.getLong("access_token_expires_at"));
                    String scopes = rs.getString("authorized_scopes");
                    return new Session(rs.getString("id"),
                            scopes == null ? List.of() : Arrays.asList(scopes.split(",")), issued,
                            rs.getLong("updated_at"), expires);
                })
                .list();
    }

    /** Ends one of the account's logins; false when it is not theirs or not found. */
    @Transactional
    public boolean signOut(String accountUuid, String sessionId) {
        OAuth2Authorization login = authorizations.findById(sessionId);
        if (login == null || !accountUuid.equals(login.getPrincipalName())) {
            return false;
        }
        authorizations.save(EndedLogin.of(login));
        return true;
    }

    /** Ends every login of the account, on every client; answers how many there were. */
    @Transactional
    public int signOutEverywhere(String accountUuid) {
        List<String> ids = jdbc.sql("SELECT id FROM oauth_authorization WHERE principal_name = ?")
                .param(accountUuid).query(String.class).list();
        int count = 0;
        for (String id : ids) {
            OAuth2Authorization login = authorizations.findById(id);
            if (login != null) {
                authorizations.save(EndedLogin.of(login));
                count++;
            }
        }
        return count;
    }

    /** One login: its id, what it may do, when it began, was last used, and ends. */
    public record Session(String id, List<String> scopes, long startedAt, long lastUsedAt, long expiresAt) {
    }
}

package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.Jwt;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.oauth.TokenEndpointException;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.StoredLogin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refreshes the subscription login ({@code claudeAiOauth}) at the authorization server that issued it, as
 * {@link Refresher} describes: ahead of expiry (five minutes, or a fifth of a short token's life), after a
 * 401, once across processes.
 */
final class TokenRefresher extends Refresher<StoredLogin> {

    static final String REFRESH_TOKEN_INVALID =
            "OAuth refresh token is no longer valid; run clauth auth login to re-authenticate";

    TokenRefresher(CredentialStore store, ServerLocations servers, Clock clock) {
        this(store, servers, clock, RefreshBackoff.STANDARD);
    }

    TokenRefresher(CredentialStore store, ServerLocations servers, Clock clock, RefreshBackoff backoff) {
        super(store, new LoginSlot(store, servers), clock, backoff);
    }

    private record LoginSlot(CredentialStore store, ServerLocations servers) implements Slot<StoredLogin> {

        @Override
        public StoredLogin read() {
            StoredLogin login = store.read().orElseThrow(NotLoggedInException::new);
            StoredLoginSource.issuerMismatch(login, servers).ifPresent(reason -> {
                throw new NotLoggedInException(reason);
            });
            return login;
        }

        @Override
        public String accessToken(StoredLogin login) {
            return login.accessToken();
        }

        @Override
        public String refreshToken(StoredLogin login) {
            return login.refreshToken();
        }

        @Override
        public Instant expiry(StoredLogin login) {
            return login.expiry();
        }

        @Override
        public Duration margin(StoredLogin login) {
            return marginFor(login.lifetime().or(() -> Jwt.lifetime(login.accessToken())));
        }

        /** A server that cannot be reached for its metadata is as passing a failure as its token endpoint down. */
        @Override
        public TokenGrant refresh(StoredLogin login) {
            AuthorizationServer server;
            try {
                server = AuthorizationServer.discover(servers.oauthBase());
            } catch (ClauthException e) {
                throw new TokenEndpointException(TokenEndpointException.Kind.TRANSIENT, e.getMessage());
            }
            return new TokenClient(server.tokenEndpoint(), login.clientId() == null ? servers.clientId() : login.clientId())
                    .refresh(login.refreshToken(), login.scopes());
        }

        @Override
        public StoredLogin refreshed(StoredLogin login, TokenGrant grant, Instant now) {
            return login.withTokens(grant.accessToken(), grant.refreshToken().orElse(login.refreshToken()),
                    now.toEpochMilli() + grant.expiresInSeconds() * 1000,
                    grant.scopes().isEmpty() ? login.scopes() : grant.scopes(), grant.expiresInSeconds());
        }

        @Override
        public Optional<StoredLogin> replaceIf(String expectedRefreshToken, StoredLogin fresh) {
            return store.replaceIf(expectedRefreshToken, fresh);
        }

        @Override
        public String refusedForGood(StoredLogin login) {
            return REFRESH_TOKEN_INVALID;
        }

        @Override
        public String expiredForGood(StoredLogin login) {
            return "The stored login has expired and cannot be refreshed; run clauth auth login";
        }
    }
}

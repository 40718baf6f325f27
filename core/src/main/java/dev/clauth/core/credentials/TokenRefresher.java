package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.oauth.TokenClient;
import dev.clauth.core.oauth.TokenEndpointException;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.StoredLogin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cached supplier of the stored login that refreshes it when it expires within five minutes, or
 * when the API refused it. One refresh at a time in this process, under the store's cross-process lock;
 * inside the lock the store is read again, and if another process already rotated the tokens, those
 * are used and no request is sent. Only tokens derived from what is on disk are ever written, so newer
 * tokens are never replaced by older ones, and a failure never replaces the file.
 */
final class TokenRefresher {

    static final Duration MARGIN = Duration.ofMinutes(5);
    static final String REFRESH_TOKEN_INVALID =
            "OAuth refresh token is no longer valid; run clauth auth login to re-authenticate";

    private final CredentialStore store;
    private final ServerLocations servers;
    private final Clock clock;
    private final ReentrantLock flight = new ReentrantLock();
    private volatile StoredLogin cached;

    TokenRefresher(CredentialStore store, ServerLocations servers, Clock clock) {
        this.store = store;
        this.servers = servers;
        this.clock = clock;
    }

    /** The login to use now: the cached one while fresh, else a refreshed one. */
    StoredLogin current() {
        StoredLogin login = cached;
        if (login != null && !stale(login)) {
            return login;
        }
        return refresh(login == null ? null : login.accessToken(), false);
    }

    /** After a 401 for {@code rejectedAccessToken}: a login with another access token, if one can be had. */
    Optional<StoredLogin> afterRejection(String rejectedAccessToken) {
        StoredLogin login = refresh(rejectedAccessToken, true);
        return login.accessToken().equals(rejectedAccessToken) ? Optional.empty() : Optional.of(login);
    }

    private boolean stale(StoredLogin login) {
        return login.expiresWithin(MARGIN, now());
    }

    private StoredLogin refresh(String seenAccessToken, boolean rejected) {
        flight.lock();
        try {
            StoredLogin onDisk = readMatching();
            if (usable(onDisk, seenAccessToken, rejected)) {
                return remember(onDisk);
            }
            return store.lock().call(() -> refreshLocked(seenAccessToken, rejected));
        } finally {
            flight.unlock();
        }
    }

    /** Good enough without a request: fresh, and not the very token the API just refused. */
    private boolean usable(StoredLogin login, String seenAccessToken, boolean rejected) {
        return !stale(login) && !(rejected && login.accessToken().equals(seenAccessToken));
    }

    private StoredLogin refreshLocked(String seenAccessToken, boolean rejected) {
        StoredLogin onDisk = readMatching();
        if (usable(onDisk, seenAccessToken, rejected)) {
            return remember(onDisk);
        }
        TokenGrant grant;
        try {
            grant = tokenClient(onDisk).refresh(onDisk.refreshToken(), onDisk.scopes());
        } catch (TokenEndpointException e) {
            return afterFailedRefresh(onDisk, rejected, e);
        }
        StoredLogin fresh = onDisk.withTokens(grant.accessToken(), grant.refreshToken().orElse(onDisk.refreshToken()),
                now().toEpochMilli() + grant.expiresInSeconds() * 1000,
                grant.scopes().isEmpty() ? onDisk.scopes() : grant.scopes());
        store.save(fresh);
        return remember(fresh);
    }

    private StoredLogin afterFailedRefresh(StoredLogin onDisk, boolean rejected, TokenEndpointException e) {
        if (e.kind() == TokenEndpointException.Kind.INVALID_GRANT) {
            StoredLogin again = readMatching();
            if (!Objects.equals(again.refreshToken(), onDisk.refreshToken())) {
                return remember(again);
            }
            throw new NotLoggedInException(REFRESH_TOKEN_INVALID);
        }
        if (!rejected && now().isBefore(onDisk.expiry())) {
            return remember(onDisk);
        }
        throw new ClauthException(e.getMessage());
    }

    private StoredLogin readMatching() {
        StoredLogin login = store.read().orElseThrow(NotLoggedInException::new);
        StoredLoginSource.issuerMismatch(login, servers).ifPresent(reason -> {
            throw new NotLoggedInException(reason);
        });
        if (login.refreshToken() == null || login.refreshToken().isEmpty()) {
            if (!stale(login)) {
                return login;
            }
            throw new NotLoggedInException("The stored login has expired and cannot be refreshed; run clauth auth login");
        }
        return login;
    }

    private TokenClient tokenClient(StoredLogin login) {
        AuthorizationServer server = AuthorizationServer.discover(servers.oauthBase());
        return new TokenClient(server.tokenEndpoint(), login.clientId() == null ? servers.clientId() : login.clientId());
    }

    private StoredLogin remember(StoredLogin login) {
        cached = login;
        return login;
    }

    private Instant now() {
        return clock.instant();
    }
}

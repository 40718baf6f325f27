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
 * when the API refused it. Safe for many processes on one login:
 * <ul>
 * <li>One refresh at a time in this process, under the store's cross-process lock. Inside the lock the
 * store is read again: if another process already rotated the tokens, those are used and nothing is
 * sent. While the current token still works, a busy lock is not waited for long: someone else is
 * refreshing, and the current token serves meanwhile.
 * <li>The result is written with a compare-and-swap on the refresh token it was obtained with, so newer
 * tokens are never replaced by older ones, and a failure never writes anything (no logged-out stub).
 * <li>{@code invalid_grant}: the store is read again first (another process may have rotated the token
 * under us); only if it still holds the refused token is the login gone. That is said once; the refused
 * token is never sent again by this process, and the file is left for the next {@code auth login}.
 * <li>A passing failure (timeout, 5xx, 429, connection refused) keeps the current access token in use
 * until it really expires, trying again no sooner than the backoff says; once the token has expired (or
 * the API refused it) the refresh is retried with {@link RefreshBackoff}, outside the lock.
 * </ul>
 */
final class TokenRefresher {

    static final Duration MARGIN = Duration.ofMinutes(5);
    /** How long a process whose token still works waits for another process's refresh. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(2);
    static final String REFRESH_TOKEN_INVALID =
            "OAuth refresh token is no longer valid; run clauth auth login to re-authenticate";

    private final CredentialStore store;
    private final ServerLocations servers;
    private final Clock clock;
    private final RefreshBackoff backoff;
    private final ReentrantLock flight = new ReentrantLock();
    private volatile StoredLogin cached;
    /** After a passing failure while the token still worked: no new attempt before this. */
    private volatile Instant coolDownUntil = Instant.MIN;
    private volatile int passingFailures;
    /** A refresh token the server refused: never sent again by this process. */
    private volatile String refusedRefreshToken;

    TokenRefresher(CredentialStore store, ServerLocations servers, Clock clock) {
        this(store, servers, clock, RefreshBackoff.STANDARD);
    }

    TokenRefresher(CredentialStore store, ServerLocations servers, Clock clock, RefreshBackoff backoff) {
        this.store = store;
        this.servers = servers;
        this.clock = clock;
        this.backoff = backoff;
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

    private boolean stillWorks(StoredLogin login, boolean rejected) {
        return !rejected && now().isBefore(login.expiry());
    }

    /** What one attempt under the lock gave: a login to use, or a passing failure to retry after a pause. */
    private record Attempt(StoredLogin login, TokenEndpointException passingFailure) {
    }

    private StoredLogin refresh(String seenAccessToken, boolean rejected) {
        flight.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                StoredLogin onDisk = readMatching();
                if (usable(onDisk, seenAccessToken, rejected)) {
                    return remember(onDisk);
                }
                if (stillWorks(onDisk, rejected) && now().isBefore(coolDownUntil)) {
                    return remember(onDisk);
                }
                Attempt result = stillWorks(onDisk, rejected)
                        ? store.lock().tryCall(BUSY_WAIT, () -> refreshLocked(seenAccessToken, rejected))
                                .orElseGet(() -> new Attempt(onDisk, null))
                        : store.lock().call(() -> refreshLocked(seenAccessToken, rejected));
                if (result.login() != null) {
                    return remember(result.login());
                }
                if (attempt >= backoff.maxAttempts()) {
                    throw new ClauthException(result.passingFailure().getMessage());
                }
                backoff.pause(attempt);
            }
        } finally {
            flight.unlock();
        }
    }

    /** Good enough without a request: fresh, and not the very token the API just refused. */
    private boolean usable(StoredLogin login, String seenAccessToken, boolean rejected) {
        return !stale(login) && !(rejected && login.accessToken().equals(seenAccessToken));
    }

    private Attempt refreshLocked(String seenAccessToken, boolean rejected) {
        StoredLogin onDisk = readMatching();
        if (usable(onDisk, seenAccessToken, rejected)) {
            return new Attempt(onDisk, null);
        }
        if (onDisk.refreshToken().equals(refusedRefreshToken)) {
            throw new NotLoggedInException(REFRESH_TOKEN_INVALID);
        }
        TokenGrant grant;
        try {
            grant = tokenClient(onDisk).refresh(onDisk.refreshToken(), onDisk.scopes());
        } catch (TokenEndpointException e) {
            return afterFailedRefresh(onDisk, rejected, e);
        }
        passingFailures = 0;
        coolDownUntil = Instant.MIN;
        StoredLogin fresh = onDisk.withTokens(grant.accessToken(), grant.refreshToken().orElse(onDisk.refreshToken()),
                now().toEpochMilli() + grant.expiresInSeconds() * 1000,
                grant.scopes().isEmpty() ? onDisk.scopes() : grant.scopes());
        StoredLogin stored = store.replaceIf(onDisk.refreshToken(), fresh).orElseThrow(NotLoggedInException::new);
        return new Attempt(stored, null);
    }

    private Attempt afterFailedRefresh(StoredLogin onDisk, boolean rejected, TokenEndpointException e) {
        switch (e.kind()) {
            case INVALID_GRANT -> {
                StoredLogin again = readMatching();
                if (!Objects.equals(again.refreshToken(), onDisk.refreshToken())) {
                    return new Attempt(again, null);
                }
                refusedRefreshToken = onDisk.refreshToken();
                throw new NotLoggedInException(REFRESH_TOKEN_INVALID);
            }
            case TRANSIENT -> {
                passingFailures++;
                if (stillWorks(onDisk, rejected)) {
                    coolDownUntil = now().plus(backoff.delay(passingFailures));
                    return new Attempt(onDisk, null);
                }
                return new Attempt(null, e);
            }
            default -> {
                if (stillWorks(onDisk, rejected)) {
                    return new Attempt(onDisk, null);
                }
                throw new ClauthException(e.getMessage());
            }
        }
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

    /** A server that cannot be reached for its metadata is as passing a failure as its token endpoint down. */
    private TokenClient tokenClient(StoredLogin login) {
        AuthorizationServer server;
        try {
            server = AuthorizationServer.discover(servers.oauthBase());
        } catch (ClauthException e) {
            throw new TokenEndpointException(TokenEndpointException.Kind.TRANSIENT, e.getMessage());
        }
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

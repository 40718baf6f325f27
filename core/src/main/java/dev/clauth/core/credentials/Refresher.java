package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;
import dev.clauth.core.oauth.TokenEndpointException;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cached supplier of one stored sign-in (a subscription login, a gateway sign-in) that refreshes it when
 * it is about to expire, or when the API refused it. Safe for many processes on one login:
 * <ul>
 * <li>One refresh at a time in this process, inside the store's cross-process lock
 * ({@link CredentialStore#exclusive}). Inside it the store is read again: if another process already
 * rotated the tokens, those are used and nothing is sent. While the current token still works, a busy lock
 * is not waited for long: someone else is refreshing, and the current token serves meanwhile.
 * <li>The result is written with a compare-and-swap on the refresh token it was obtained with, so newer
 * tokens are never replaced by older ones, and a failure never writes anything (no logged-out stub).
 * <li>{@code invalid_grant}: the store is read again first (another process may have rotated the token
 * under us); only if it still holds the refused token is the sign-in gone. That is said once, in one line;
 * the refused token is never sent again by this process, and the store is left for the next login.
 * <li>A passing failure (timeout, 5xx, 429, connection refused) keeps the current access token in use
 * until it really expires, trying again no sooner than the backoff says; once the token has expired (or
 * the API refused it) the refresh is retried with {@link RefreshBackoff}, outside the lock.
 * </ul>
 * What differs between kinds of sign-in — where in the store, which token endpoint, what a refresh answer
 * changes — is its {@link Slot}.
 */
class Refresher<L> {

    /** The longest refresh margin; a short-lived token's margin is a fraction of its life. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** How long a process whose token still works waits for another process's refresh. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(2);

    /** One kind of stored sign-in, as the refresher needs it. */
    interface Slot<L> {
        /** The sign-in as stored now; a {@link NotLoggedInException} saying why there is none to use. */
        L read();

        String accessToken(L login);

        /** Null or empty when the sign-in cannot be refreshed. */
        String refreshToken(L login);

        Instant expiry(L login);

        /** How long before expiry to refresh: {@link #MARGIN}, or a fraction of a short token's life. */
        Duration margin(L login);

        /** Sends the refresh grant. */
        TokenGrant refresh(L login);

        /** The sign-in after {@code grant}, obtained at {@code now}. */
        L refreshed(L login, TokenGrant grant, Instant now);

        /** The store's compare-and-swap on the refresh token. */
        Optional<L> replaceIf(String expectedRefreshToken, L fresh);

        /** The one line when the server refused the refresh token for good. */
        String refusedForGood(L login);

        /** The one line when the sign-in has expired and cannot be refreshed. */
        String expiredForGood(L login);
    }

    private final CredentialStore store;
    private final Slot<L> slot;
    private final Clock clock;
    private final RefreshBackoff backoff;
    private final ReentrantLock flight = new ReentrantLock();
    private volatile L cached;
    /** After a passing failure while the token still worked: no new attempt before this. */
    private volatile Instant coolDownUntil = Instant.MIN;
    private volatile int passingFailures;
    /** A refresh token the server refused: never sent again by this process. */
    private volatile String refusedRefreshToken;

    Refresher(CredentialStore store, Slot<L> slot, Clock clock, RefreshBackoff backoff) {
        this.store = store;
        this.slot = slot;
        this.clock = clock;
        this.backoff = backoff;
    }

    /** The sign-in to use now: the cached one while fresh, else a refreshed one. */
    L current() {
        L login = cached;
        if (login != null && !stale(login)) {
            return login;
        }
        return refresh(login == null ? null : slot.accessToken(login), false);
    }

    /** After a 401 for {@code rejectedAccessToken}: a sign-in with another access token, if one can be had. */
    Optional<L> afterRejection(String rejectedAccessToken) {
        L login = refresh(rejectedAccessToken, true);
        return slot.accessToken(login).equals(rejectedAccessToken) ? Optional.empty() : Optional.of(login);
    }

    private boolean stale(L login) {
        return !now().plus(slot.margin(login)).isBefore(slot.expiry(login));
    }

    private boolean stillWorks(L login, boolean rejected) {
        return !rejected && now().isBefore(slot.expiry(login));
    }

    /** What one attempt under the lock gave: a sign-in to use, or a passing failure to retry after a pause. */
    private record Attempt<L>(L login, TokenEndpointException passingFailure) {
    }

    private L refresh(String seenAccessToken, boolean rejected) {
        flight.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                L onDisk = readMatching();
                if (usable(onDisk, seenAccessToken, rejected)) {
                    return remember(onDisk);
                }
                if (stillWorks(onDisk, rejected) && now().isBefore(coolDownUntil)) {
                    return remember(onDisk);
                }
                Attempt<L> result = stillWorks(onDisk, rejected)
                        ? store.tryExclusive(BUSY_WAIT, () -> refreshLocked(seenAccessToken, rejected))
                                .orElseGet(() -> new Attempt<>(onDisk, null))
                        : store.exclusive(() -> refreshLocked(seenAccessToken, rejected));
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
    private boolean usable(L login, String seenAccessToken, boolean rejected) {
        return !stale(login) && !(rejected && slot.accessToken(login).equals(seenAccessToken));
    }

    private Attempt<L> refreshLocked(String seenAccessToken, boolean rejected) {
        L onDisk = readMatching();
        if (usable(onDisk, seenAccessToken, rejected)) {
            return new Attempt<>(onDisk, null);
        }
        String refreshToken = slot.refreshToken(onDisk);
        if (refreshToken.equals(refusedRefreshToken)) {
            throw new NotLoggedInException(slot.refusedForGood(onDisk));
        }
        TokenGrant grant;
        try {
            grant = slot.refresh(onDisk);
        } catch (TokenEndpointException e) {
            return afterFailedRefresh(onDisk, rejected, e);
        }
        passingFailures = 0;
        coolDownUntil = Instant.MIN;
        L stored = slot.replaceIf(refreshToken, slot.refreshed(onDisk, grant, now())).orElseThrow(NotLoggedInException::new);
        return new Attempt<>(stored, null);
    }

    private Attempt<L> afterFailedRefresh(L onDisk, boolean rejected, TokenEndpointException e) {
        switch (e.kind()) {
            case INVALID_GRANT -> {
                L again = readMatching();
                if (!Objects.equals(slot.refreshToken(again), slot.refreshToken(onDisk))) {
                    return new Attempt<>(again, null);
                }
                refusedRefreshToken = slot.refreshToken(onDisk);
                throw new NotLoggedInException(slot.refusedForGood(onDisk));
            }
            case TRANSIENT -> {
                passingFailures++;
                if (stillWorks(onDisk, rejected)) {
                    coolDownUntil = now().plus(backoff.delay(passingFailures));
                    return new Attempt<>(onDisk, null);
                }
                return new Attempt<>(null, e);
            }
            default -> {
                if (stillWorks(onDisk, rejected)) {
                    return new Attempt<>(onDisk, null);
                }
                throw new ClauthException(e.getMessage());
            }
        }
    }

    /** The stored sign-in, refreshable or still fresh. */
    private L readMatching() {
        L login = slot.read();
        String refreshToken = slot.refreshToken(login);
        if (refreshToken == null || refreshToken.isEmpty()) {
            if (!stale(login)) {
                return login;
            }
            throw new NotLoggedInException(slot.expiredForGood(login));
        }
        return login;
    }

    private L remember(L login) {
        cached = login;
        return login;
    }

    private Instant now() {
        return clock.instant();
    }

    /**
     * The margin for a token of {@code lifetime} (when known): a fifth of its life, at most {@link #MARGIN},
     * so a five-minute token is refreshed after four minutes, not on every command.
     */
    static Duration marginFor(Optional<Duration> lifetime) {
        return lifetime.filter(l -> !l.isNegative() && !l.isZero())
                .map(l -> l.dividedBy(5))
                .filter(fifth -> fifth.compareTo(MARGIN) < 0)
                .orElse(MARGIN);
    }
}

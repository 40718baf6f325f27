package dev.clauth.server.signin;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.throttle.Guess;
import dev.clauth.server.throttle.Throttled;
import dev.clauth.server.throttle.Throttles;

/**
 * Password guessing brakes ({@link Throttles}, {@link Guess#PASSWORD}), per account — the email
 * as typed and normalised, whether or not such an account exists, so the answer is the same for
 * both — and per client address. Sign-in, accepting an invitation as an existing account and the
 * password form count together. Kept in the database: every instance brakes the same.
 */
@Component
public class LoginThrottle {

    private final Throttles throttles;

    public LoginThrottle(Throttles throttles) {
        this.throttles = throttles;
    }

    public int accountLimit() {
        return throttles.accountLimit(Guess.PASSWORD);
    }

    public int addressLimit() {
        return throttles.addressLimit(Guess.PASSWORD);
    }

    /** How long this password check must wait, if it must. */
    public Optional<Duration> waitFor(String email, String address) {
        return throttles.waitFor(Guess.PASSWORD, accountKey(email), address);
    }

    /** Throws {@link Throttled} when this password check must wait. */
    public void check(String email, String address) {
        throttles.check(Guess.PASSWORD, accountKey(email), address);
    }

    public void failed(String email, String address) {
        throttles.failed(Guess.PASSWORD, accountKey(email), address);
    }

    public void succeeded(String email) {
        throttles.succeeded(Guess.PASSWORD, accountKey(email));
    }

    /** Forgets every brake, of every kind (tests). */
    public void reset() {
        throttles.reset();
    }

    private static String accountKey(String email) {
        return AccountStore.normalizeEmail(email == null ? "" : email);
    }
}

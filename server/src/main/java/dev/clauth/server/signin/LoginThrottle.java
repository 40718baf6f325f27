package dev.clauth.server.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.clauth.server.account.AccountStore;

/**
 * Password guessing brakes, per account (the email as typed, whether or not such an account
 * exists, so the answer is the same for both) and per client address. After {@code limit}
 * failures a key waits {@link #FIRST_WAIT}, doubling with each further block up to
 * {@link #LONGEST_WAIT}; a key without failures for {@link #FORGET_AFTER} starts afresh, so no
 * one is ever locked out for good. A successful sign-in clears its account's count.
 * <p>
 * Kept in memory, per instance: with several instances each brakes on its own.
 */
@Component
public class LoginThrottle {

    static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final int accountLimit;
    private final int addressLimit;
    private final Map<String, Brake> brakes = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, @Value("${clauth.sign-in.failures-per-account:5}") int accountLimit,
            @Value("${clauth.sign-in.failures-per-address:30}") int addressLimit) {
        this.clock = clock;
        this.accountLimit = accountLimit;
        this.addressLimit = addressLimit;
    }

    public int accountLimit() {
        return accountLimit;
    }

    public int addressLimit() {
        return addressLimit;
    }

    /** How long this sign-in must wait, if it must. */
    public Optional<Duration> waitFor(String email, String address) {
        long now = clock.millis();
        long until = Math.max(blockedUntil(accountKey(email), now), blockedUntil(addressKey(address), now));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    public void failed(String email, String address) {
        long now = clock.millis();
        if (brakes.size() > MAX_TRACKED) {
            brakes.values().removeIf(b -> b.forgettable(now));
        }
        brakes.compute(accountKey(email), (k, b) -> (b == null || b.forgettable(now) ? new Brake() : b).fail(now, accountLimit));
        brakes.compute(addressKey(address), (k, b) -> (b == null || b.forgettable(now) ? new Brake() : b).fail(now, addressLimit));
    }

    public void succeeded(String email) {
        brakes.remove(accountKey(email));
    }

    /** Forgets everything (tests). */
    public void reset() {
        brakes.clear();
    }

    private long blockedUntil(String key, long now) {
        Brake brake = brakes.get(key);
        return brake == null || brake.forgettable(now) ? 0 : brake.blockedUntil;
    }

    private static String accountKey(String email) {
        return "account:" + AccountStore.normalizeEmail(email == null ? "" : email);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    /** Failures since the last block, blocks so far, and until when the current one lasts. */
    private static final class Brake {
        int failures;
        int blocks;
        long blockedUntil;
        long lastFailure;

        Brake fail(long now, int limit) {
            lastFailure = now;
            failures++;
            if (failures >= limit) {
                long wait = Math.min(LONGEST_WAIT.toMillis(), FIRST_WAIT.toMillis() << Math.min(blocks, 10));
                blockedUntil = now + wait;
                blocks++;
                failures = 0;
            }
            return this;
        }

        boolean forgettable(long now) {
            return now - Math.max(lastFailure, blockedUntil) > FORGET_AFTER.toMillis();
        }
    }
}

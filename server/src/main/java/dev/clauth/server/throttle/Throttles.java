package dev.clauth.server.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.clauth.server.oauth.TokenHash;

/**
 * Brakes on guessing, per account and per client address for each kind of {@link Guess}, kept in
 * the database so that every instance counts the same failures. After {@code limit} failures a
 * key waits {@link #FIRST_WAIT}, doubling with each further block up to {@link #LONGEST_WAIT}; a
 * key without failures for {@link #FORGET_AFTER} starts afresh, so no one is locked out for good.
 * A failure is counted in a transaction of its own (the row locked, so instances never lose
 * one), whatever becomes of the caller's.
 */
@Component
public class Throttles {

    static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final long SWEEP_EVERY_MS = Duration.ofMinutes(5).toMillis();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Map<Guess, Limits> limits = new EnumMap<>(Guess.class);
    private final AtomicLong lastSweep = new AtomicLong();

    public Throttles(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactionManager,
            @Value("${clauth.sign-in.failures-per-account:5}") int passwordsPerAccount,
            @Value("${clauth.sign-in.failures-per-address:30}") int passwordsPerAddress,
            @Value("${clauth.device-code.failures-per-account:10}") int codesPerAccount,
            @Value("${clauth.device-code.failures-per-address:30}") int codesPerAddress) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        limits.put(Guess.PASSWORD, new Limits(passwordsPerAccount, passwordsPerAddress));
        limits.put(Guess.DEVICE_CODE, new Limits(codesPerAccount, codesPerAddress));
    }

    public int accountLimit(Guess guess) {
        return limits.get(guess).account();
    }

    public int addressLimit(Guess guess) {
        return limits.get(guess).address();
    }

    /** How long a guess for this account (may be null) from this address must wait, if it must. */
    public Optional<Duration> waitFor(Guess guess, String account, String address) {
        long now = clock.millis();
        List<String> hashes = account == null ? List.of(hash(guess.key("address", address)))
                : List.of(hash(guess.key("account", account)), hash(guess.key("address", address)));
        long until = jdbc.sql("SELECT blocked_until, last_failure FROM throttle WHERE key_hash IN (:keys)")
                .param("keys", hashes)
                .query((rs, n) -> new State(0, 0, rs.getLong("blocked_until"), rs.getLong("last_failure")))
                .list().stream()
                .filter(state -> !state.forgettable(now))
                .mapToLong(State::blockedUntil).max().orElse(0);
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** Throws {@link Throttled} when the guess must wait. */
    public void check(Guess guess, String account, String address) {
        Optional<Duration> wait = waitFor(guess, account, address);
        if (wait.isPresent()) {
            throw new Throttled(wait.get());
        }
    }

    /** Counts a failed guess for the account (when known) and the address. */
    public void failed(Guess guess, String account, String address) {
        long now = clock.millis();
        sweep(now);
        Limits limit = limits.get(guess);
        if (account != null) {
            fail(hash(guess.key("account", account)), limit.account(), now);
        }
        fail(hash(guess.key("address", address)), limit.address(), now);
    }

    /** A right guess clears the account's count (not the address's). */
    public void succeeded(Guess guess, String account) {
        jdbc.sql("DELETE FROM throttle WHERE key_hash = ?").param(hash(guess.key("account", account))).update();
    }

    /** Forgets everything (tests). */
    public void reset() {
        jdbc.sql("DELETE FROM throttle").update();
    }

    private void fail(String hash, int limit, long now) {
        for (int attempt = 1;; attempt++) {
            try {
                transactions.executeWithoutResult(status -> failLocked(hash, limit, now));
                return;
            } catch (DuplicateKeyException e) {
                // another instance counted this key's first failure at the same moment: count on its row
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void failLocked(String hash, int limit, long now) {
        Optional<State> found = jdbc.sql("SELECT failures, blocks, blocked_until, last_failure FROM throttle"
                + " WHERE key_hash = ? FOR UPDATE")
                .param(hash)
                .query((rs, n) -> new State(rs.getInt("failures"), rs.getInt("blocks"), rs.getLong("blocked_until"),
                        rs.getLong("last_failure")))
                .optional();
        State before = found.filter(state -> !state.forgettable(now)).orElse(State.FRESH);
        State after = before.fail(now, limit);
        if (found.isEmpty()) {
            jdbc.sql("INSERT INTO throttle (key_hash, failures, blocks, blocked_until, last_failure) VALUES (?, ?, ?, ?, ?)")
                    .params(hash, after.failures(), after.blocks(), after.blockedUntil(), after.lastFailure()).update();
        } else {
            jdbc.sql("UPDATE throttle SET failures = ?, blocks = ?, blocked_until = ?, last_failure = ? WHERE key_hash = ?")
                    .params(after.failures(), after.blocks(), after.blockedUntil(), after.lastFailure(), hash).update();
        }
    }

    /** Now and then, drops the rows no one needs any more. */
    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_MS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        long before = now - FORGET_AFTER.toMillis();
        jdbc.sql("DELETE FROM throttle WHERE last_failure < ? AND blocked_until < ?").params(before, before).update();
    }

    private static String hash(String key) {
        return TokenHash.of(key);
    }

    private record Limits(int account, int address) {
    }

    /** Failures since the last block, blocks so far, until when the current one lasts, and the last failure. */
    private record State(int failures, int blocks, long blockedUntil, long lastFailure) {

        static final State FRESH = new State(0, 0, 0, 0);

        State fail(long now, int limit) {
            if (failures + 1 < limit) {
                return new State(failures + 1, blocks, blockedUntil, now);
            }
            long wait = Math.min(LONGEST_WAIT.toMillis(), FIRST_WAIT.toMillis() << Math.min(blocks, 10));
            return new State(0, blocks + 1, now + wait, now);
        }

        boolean forgettable(long now) {
            return now - Math.max(lastFailure, blockedUntil) > FORGET_AFTER.toMillis();
        }
    }
}

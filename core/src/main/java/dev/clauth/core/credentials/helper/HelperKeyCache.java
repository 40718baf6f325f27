package dev.clauth.core.credentials.helper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A cached supplier of the helper's key, in the manner of the AWS SDK's {@code CachedSupplier}: a key is
 * good for {@code ttl}; from {@code ttl - margin} on it is fetched again in the background (by a timer
 * while the key is in use, or by the first request that sees it), so a request does not wait unless the
 * key has actually expired. One run at a time, however many threads ask; they all get its result.
 * After the API refused a key, {@link #afterRejection} drops it and runs the helper again.
 */
public final class HelperKeyCache {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(1);
    private static final ExecutorService RUNS = Executors.newCachedThreadPool(r -> daemon(r, "clauth-helper-run"));
    private static final ScheduledExecutorService AHEAD =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "clauth-helper-ahead"));

    private final Supplier<String> helper;
    private final Clock clock;
    private final Duration ttl;
    private final Object lock = new Object();
    private Cached cached;
    private CompletableFuture<String> inFlight;
    /** Whether a request is waiting for the run in flight (then its key counts as in use). */
    private boolean awaited;

    public HelperKeyCache(Supplier<String> helper, Clock clock, Duration ttl) {
        this.helper = helper;
        this.clock = clock;
        this.ttl = ttl.isNegative() ? Duration.ZERO : ttl;
    }

    /** The margin before expiry at which the key is fetched again: half the TTL, at most a minute. */
    Duration margin() {
        Duration half = ttl.dividedBy(2);
        return half.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : half;
    }

    /** The key to use now. */
    public String get() {
        CompletableFuture<String> run;
        synchronized (lock) {
            Instant now = clock.instant();
            Cached c = cached;
            if (c != null && now.isBefore(c.staleAt())) {
                c.used = true;
                if (!now.isBefore(c.refreshAt())) {
                    start(false);
                }
                return c.key();
            }
            run = start(true);
        }
        return await(run);
    }

    /** The API refused {@code rejected}: the key to retry with, from a new run unless one already replaced it. */
    public String afterRejection(String rejected) {
        CompletableFuture<String> run;
        synchronized (lock) {
            if (cached != null && !cached.key().equals(rejected)) {
                cached.used = true;
                return cached.key();
            }
            cached = null;
            run = start(true);
        }
        return await(run);
    }

    /** Starts a run unless one is going; the caller holds {@link #lock}. */
    private CompletableFuture<String> start(boolean forRequest) {
        awaited |= forRequest;
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<String> run = new CompletableFuture<>();
        inFlight = run;
        RUNS.execute(() -> {
            try {
                String key = helper.get();
                synchronized (lock) {
                    Instant fetched = clock.instant();
                    cached = new Cached(key, fetched.plus(ttl), fetched.plus(ttl).minus(margin()));
                    cached.used = awaited;
                    awaited = false;
                    inFlight = null;
                    scheduleAhead(cached);
                }
                run.complete(key);
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    inFlight = null;
                    awaited = false;
                }
                run.completeExceptionally(e);
            }
        });
        return run;
    }

    /** While a key is being used, the next one is fetched before it expires, without waiting for a request. */
    private void scheduleAhead(Cached key) {
        long delay = ttl.minus(margin()).toMillis();
        if (ttl.isZero() || delay <= 0) {
            return;
        }
        AHEAD.schedule(() -> {
            synchronized (lock) {
                if (cached == key && key.used) {
                    start(false);
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static String await(CompletableFuture<String> run) {
        try {
            return run.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static final class Cached {
        private final String key;
        private final Instant staleAt;
        private final Instant refreshAt;
        volatile boolean used;

        Cached(String key, Instant staleAt, Instant refreshAt) {
            this.key = key;
            this.staleAt = staleAt;
            this.refreshAt = refreshAt;
        }

        String key() {
            return key;
        }

        Instant staleAt() {
            return staleAt;
        }

        Instant refreshAt() {
            return refreshAt;
        }
    }
}

package dev.clauth.core.credentials;

import dev.clauth.core.ClauthException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often, and how far apart, a refresh that failed for a passing reason (timeout, 5xx, 429,
 * connection refused) is tried again: {@code base·2^(n−1)} capped at {@code cap}, plus 0–25 % jitter so
 * that many processes do not retry in step, for at most {@code maxAttempts} attempts in all.
 */
record RefreshBackoff(Duration base, Duration cap, int maxAttempts, DoubleSupplier random, Sleeper sleeper) {

    static final RefreshBackoff STANDARD = new RefreshBackoff(Duration.ofMillis(250), Duration.ofSeconds(4), 4,
            () -> ThreadLocalRandom.current().nextDouble(), Thread::sleep);

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** The pause after the {@code failures}-th failure in a row (1-based). */
    Duration delay(int failures) {
        long exp = base.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long capped = Math.min(exp, cap.toMillis());
        return Duration.ofMillis(capped + (long) (capped * 0.25 * random.getAsDouble()));
    }

    void pause(int failures) {
        try {
            sleeper.sleep(delay(failures).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClauthException("Interrupted while waiting to retry the token refresh");
        }
    }
}

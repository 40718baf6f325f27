package dev.clauth.core.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in a test for what another thread or process does: asks again and again until it holds. The
 * only limit is a safety net that ends a hung test, with a message saying so; how soon the condition
 * holds is never asserted, so a busy machine only makes the wait longer.
 */
public final class Poll {

    /** Far longer than anything a test waits for takes on a busy machine: reaching it means a hang. */
    public static final Duration SAFETY_NET = Duration.ofMinutes(3);
    private static final long PAUSE_MS = 10;

    private Poll() {
    }

    /** Waits until {@code condition} holds; fails after {@link #SAFETY_NET}, naming {@code what} it waited for. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}; a failure also shows {@code state} (what was printed, say). */
    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        value(what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), state);
    }

    /** Waits until {@code value} gives something and returns it; fails after {@link #SAFETY_NET}. */
    public static <T> T value(String what, Supplier<Optional<T>> value, Supplier<String> state) {
        long deadline = System.nanoTime() + SAFETY_NET.toNanos();
        while (true) {
            Optional<T> got = value.get();
            if (got.isPresent()) {
                return got.get();
            }
            if (System.nanoTime() - deadline > 0) {
                String shown = state.get();
                throw new AssertionError(hung(what) + (shown.isEmpty() ? "" : ":\n" + shown));
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The message of a wait that reached its safety net. */
    public static String hung(String what) {
        return "still waiting for " + what + " after " + SAFETY_NET.toSeconds()
                + " s, the safety net for a hung test (it takes moments even on a busy machine)";
    }
}

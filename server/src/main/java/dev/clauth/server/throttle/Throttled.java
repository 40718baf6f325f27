package dev.clauth.server.throttle;

import java.time.Duration;

/** A guess refused without being checked, because its account or address must wait; says how long. */
public final class Throttled extends RuntimeException {

    /** 429 Too Many Requests. */
    public static final int STATUS = 429;

    private final Duration wait;

    public Throttled(Duration wait) {
        super("Too many failed attempts; try again in " + minutes(wait) + ".", null, false, false);
        this.wait = wait;
    }

    public Duration waitFor() {
        return wait;
    }

    /** The {@code Retry-After} header's value: whole seconds, at least one. */
    public String retryAfter() {
        return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    private static String minutes(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}

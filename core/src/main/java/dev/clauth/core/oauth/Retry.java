package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a request again when it failed in a way that may pass: the server could not be reached or timed
 * out, or answered 408, 429 or 5xx. Waits {@code base·2^n} plus up to 25 % jitter between tries, or what
 * {@code Retry-After} asks (at most {@link #MAX_WAIT}). Safe for the code exchange because the server
 * redeems a code atomically: a request that failed with a 5xx has not used the code up.
 */
public final class Retry {

    /** How a retry waits; the library passes its world's sleep so that tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** One try only. */
    public static final Retry NONE = new Retry(1, Duration.ZERO, d -> { });

    private final int attempts;
    private final Duration base;
    private final Sleeper sleeper;

    public Retry(int attempts, Duration base, Sleeper sleeper) {
        this.attempts = Math.max(1, attempts);
        this.base = base;
        this.sleeper = sleeper;
    }

    /** Three tries, 0.5 s then 1 s apart (plus jitter). */
    public static Retry standard(Sleeper sleeper) {
        return new Retry(3, Duration.ofMillis(500), sleeper);
    }

    /** The last answer, whatever it was, or the last transport failure. */
    HTTPResponse send(HTTPRequest request) throws BoundedHttp.TransportFailure {
        for (int attempt = 1; ; attempt++) {
            HTTPResponse response;
            try {
                response = BoundedHttp.send(request);
            } catch (BoundedHttp.TransportFailure failure) {
                if (attempt >= attempts) {
                    throw failure;
                }
                pause(backoff(attempt));
                continue;
            }
            if (attempt >= attempts || !isTransient(response.getStatusCode())) {
                return response;
            }
            pause(retryAfter(response).orElse(backoff(attempt)));
        }
    }

    static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    Duration backoff(int attempt) {
        long millis = base.toMillis() << (attempt - 1);
        long jitter = millis == 0 ? 0 : ThreadLocalRandom.current().nextLong(millis / 4 + 1);
        return Duration.ofMillis(Math.min(millis + jitter, MAX_WAIT.toMillis()));
    }

    /** {@code Retry-After} in seconds (an HTTP date is not worth the parsing here). */
    static java.util.Optional<Duration> retryAfter(HTTPResponse response) {
        String value = response.getHeaderValue("Retry-After");
        if (value == null || !value.strip().matches("\\d{1,6}")) {
            return java.util.Optional.empty();
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(value.strip()));
        return java.util.Optional.of(asked.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : asked);
    }

    private void pause(Duration duration) throws BoundedHttp.TransportFailure {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.clauth.core.ClauthException("Interrupted while waiting to retry the token request");
        }
    }
}

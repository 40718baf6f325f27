package dev.clauth.core.credentials.helper;

import java.time.Duration;

/**
 * How long an {@code apiKeyHelper} run may take ({@code timeout}, 10 minutes as the reference), and when
 * the {@code apiKeyHelper is taking a while} notice appears ({@code slowNotice}, 10 s). Tests shorten both.
 */
public record HelperTiming(Duration timeout, Duration slowNotice) {

    public static final HelperTiming DEFAULT = new HelperTiming(Duration.ofMinutes(10), Duration.ofSeconds(10));
}

package dev.clauth.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server's clock in tests: real time plus an offset a test can move. A test whose steps must fall
 * within a period of the server's clock (a grace period, a poll interval, a block) freezes it first, so
 * that however slowly a busy machine runs the steps, only {@link #shift} moves the clock.
 */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    /** When frozen: the instant the clock stands at (before the offset). */
    private volatile Instant frozenAt;

    public void shift(Duration by) {
        offset = offset.plus(by);
    }

    /** From now on the clock stands still, but for {@link #shift}, until {@link #reset}. */
    public void freeze() {
        freeze(Instant.now());
    }

    /** As {@link #freeze()}, at {@code at} (for several servers that must agree). */
    public void freeze(Instant at) {
        frozenAt = at;
    }

    /** Real time again, without an offset. */
    public void reset() {
        offset = Duration.ZERO;
        frozenAt = null;
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return (frozen == null ? Instant.now() : frozen).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

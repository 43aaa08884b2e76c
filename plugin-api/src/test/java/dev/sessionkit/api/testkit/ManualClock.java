package dev.sessionkit.api.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told, so expiry tests never sleep. Thread-safe: {@link #advance} may be called
 * while other threads read the time.
 */
public final class ManualClock extends Clock {
    private final AtomicLong nanos;
    private final ZoneId zone;

    /** A clock at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** @param start the initial instant */
    public ManualClock(Instant start) {
        this(start.getEpochSecond() * 1_000_000_000L + start.getNano(), ZoneOffset.UTC);
    }

    private ManualClock(long nanos, ZoneId zone) {
        this.nanos = new AtomicLong(nanos);
        this.zone = zone;
    }

    /** Moves time forward. @param duration how far, not negative */
    public void advance(Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("time only moves forward");
        nanos.addAndGet(duration.toNanos());
    }

    /** The current time in nanoseconds since the epoch, for a Caffeine {@code Ticker}. @return nanoseconds */
    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        long now = nanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(now, 1_000_000_000L), Math.floorMod(now, 1_000_000_000L));
    }

    @Override
    public long millis() {
        return Math.floorDiv(nanos.get(), 1_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ManualClock is shared by reference; keep UTC");
    }
}

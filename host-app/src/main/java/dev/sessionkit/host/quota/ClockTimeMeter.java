package dev.sessionkit.host.quota;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * Bucket4j's time source read from the host's {@link Clock} (for sign-in throttling and the anonymous quota), so buckets refill by the host's time (and tests move it
 * forward instead of sleeping). Nanoseconds since the epoch: a long holds them until the year 2262.
 *
 * @param clock the host's clock
 */
public record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}

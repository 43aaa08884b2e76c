package dev.sessionkit.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as nanoseconds since the epoch: the unit of the store's Caffeine ticker and of every instant a
 * {@link SessionRecord} keeps. {@link #NEVER} stands for "no deadline"; arithmetic saturates at it.
 */
final class EpochNanos {
    /** No deadline: later than any real instant. */
    static final long NEVER = Long.MAX_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private EpochNanos() {
    }

    /** @param instant an instant @return it in nanoseconds since the epoch */
    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    /** @param nanos nanoseconds since the epoch, not {@link #NEVER} @return the instant */
    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** @param duration a positive duration or null @return its nanoseconds, {@link #NEVER} for null or huge */
    static long nanos(Duration duration) {
        return duration == null || duration.compareTo(LONGEST) >= 0 ? NEVER : duration.toNanos();
    }

    /** @param at an instant or NEVER @param nanos a length or NEVER @return their sum, saturated at NEVER */
    static long plus(long at, long nanos) {
        if (at == NEVER || nanos == NEVER) return NEVER;
        long sum = at + nanos;
        return sum < at ? NEVER : sum;
    }
}

package dev.sessionkit.host.auth;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import java.util.Objects;

/**
 * How many failed sign-ins one key (an address, a username, or both) may have: a burst of {@code failures}, after
 * which they come back one at a time, evenly over {@code period} (a token bucket of {@code failures} tokens refilled
 * greedily). So {@code 5/15m} allows 5 failures at once, then one every 3 minutes; after 15 minutes without failures
 * all 5 are back.
 *
 * <p>Written {@code <failures>/<period>} in settings, the period in the units of
 * {@link dev.sessionkit.host.config.Units#duration} ({@code 20/10m}, {@code 5/1h}).
 *
 * @param failures the burst, at least 1
 * @param period   the time in which all of them come back, positive
 */
public record FailureLimit(int failures, Duration period) {
    /** Checks the components. */
    public FailureLimit {
        Objects.requireNonNull(period, "period");
        if (failures < 1) throw new IllegalArgumentException("a failure limit allows at least 1 failure");
        if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("the period must be positive");
    }

    /** @return the time after which one more failure is allowed once the burst is spent */
    public Duration interval() {
        return period.dividedBy(failures);
    }

    /** @return the Bucket4j bandwidth of this limit */
    Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(failures).refillGreedy(failures, period).build();
    }
}

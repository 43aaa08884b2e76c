package dev.sessionkit.host.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sessionkit.host.quota.ClockTimeMeter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@link ThrottleState} of one host, in its memory: Bucket4j's local buckets in a Caffeine cache, timed by the
 * host's clock.
 *
 * <p>Memory is bounded: a bucket unused for {@code forgetIdleAfter} (the longest refill period of the limits, after
 * which it would be full again) is dropped, and so is an address remembered longer than {@code rememberFor}; each cache
 * holds at most {@code maxEntries} entries, evicting the least useful first (an attacker who cycles through more
 * addresses or usernames than that can make the host forget some counts, never grow it without bound).
 *
 * <p>Thread-safe: Caffeine creates each bucket once per key, and local buckets are lock-free.
 */
public final class InMemoryThrottleState implements ThrottleState {
    /** How many buckets, and how many remembered addresses, the host keeps at most by default. */
    public static final long DEFAULT_MAX_ENTRIES = 100_000;

    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;
    private final Cache<String, Boolean> knownAddresses;

    /**
     * @param clock           the host's clock: buckets refill and entries expire by it
     * @param forgetIdleAfter how long an unused bucket is kept: at least the longest refill period of the limits
     * @param rememberFor     how long an address that signed in as a user is remembered
     * @param maxEntries      the most buckets, and the most remembered addresses, kept
     */
    public InMemoryThrottleState(Clock clock, Duration forgetIdleAfter, Duration rememberFor, long maxEntries) {
        this.time = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder().ticker(time::currentTimeNanos).expireAfterAccess(forgetIdleAfter)
                .maximumSize(maxEntries).build();
        this.knownAddresses = Caffeine.newBuilder().ticker(time::currentTimeNanos).expireAfterWrite(rememberFor)
                .maximumSize(maxEntries).build();
    }

    @Override
    public ConsumptionProbe take(String key, BucketConfiguration configuration) {
        return bucket(key, configuration).tryConsumeAndReturnRemaining(1);
    }

    @Override
    public void giveBack(String key, BucketConfiguration configuration) {
        bucket(key, configuration).addTokens(1);
    }

    @Override
    public void refill(String key, BucketConfiguration configuration) {
        bucket(key, configuration).reset();
    }

    private Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.get(key, k -> {
            LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
            for (Bandwidth limit : configuration.getBandwidths()) builder.addLimit(limit);
            return builder.build();
        });
    }

    @Override
    public boolean isKnownAddress(String username, String address) {
        return knownAddresses.getIfPresent(pair(username, address)) != null;
    }

    @Override
    public void rememberAddress(String username, String address) {
        knownAddresses.put(pair(username, address), Boolean.TRUE);
    }

    private static String pair(String username, String address) {
        return username + '\n' + address;
    }
}

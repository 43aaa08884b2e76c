package dev.sessionkit.host.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link AnonymousQuota} of one host, in its memory: one Bucket4j token bucket per client and {@link Allowance},
 * holding a minute's allowance and refilled continuously (greedily) over each minute, so a client that used it all
 * gets a little back every second rather than everything at the turn of the minute.
 *
 * <ul>
 *   <li>Clients: the address as given; IPv6 addresses are grouped by their /64 network, since one machine commonly
 *       holds a whole /64 and could otherwise change addresses at will.</li>
 *   <li>Memory: buckets unused for two minutes are forgotten (a full bucket is what a new one is), and at most
 *       {@value #MAX_CLIENTS} clients are kept; past that the least recently used are forgotten first.</li>
 *   <li>Time: the host's {@link Clock}, so tests advance it instead of sleeping.</li>
 *   <li>Refusals are logged at most once a minute, as a warning naming the client and the allowance.</li>
 * </ul>
 * Thread-safe.
 */
public final class LocalAnonymousQuota implements AnonymousQuota {
    /** The most clients whose buckets are kept at once. */
    public static final int MAX_CLIENTS = 100_000;

    private final QuotaRules rules;
    private final TimeMeter time;
    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(Duration.ofMinutes(2))
            .executor(Runnable::run)
            .build();

    /**
     * @param sessionsPerMinute sessions one client may start per minute, positive
     * @param bytesPerMinute    bytes one client may write per minute, positive
     * @param clock             the host's clock
     */
    public LocalAnonymousQuota(long sessionsPerMinute, long bytesPerMinute, Clock clock) {
        this.rules = new QuotaRules(sessionsPerMinute, bytesPerMinute);
        this.time = new ClockTimeMeter(Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public void take(String client, Allowance allowance, long amount) {
        rules.take(client, allowance, amount, (group, what, n) ->
                buckets.get(new Key(group, what), this::newBucket).tryConsumeAndReturnRemaining(n));
    }

    private Bucket newBucket(Key key) {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (Bandwidth limit : rules.configuration(key.allowance()).getBandwidths()) builder.addLimit(limit);
        return builder.build();
    }

    /** A bucket's key. */
    private record Key(String client, Allowance allowance) {
    }
}

package dev.sessionkit.host.quota;

import dev.sessionkit.host.cluster.SharedBuckets;
import java.util.Objects;

/**
 * The {@link AnonymousQuota} of a cluster: the same buckets as {@link LocalAnonymousQuota} (a minute's allowance per
 * client and {@link Allowance}, refilled greedily, IPv6 grouped by /64), kept in Redis through {@link SharedBuckets}
 * under {@code {ns}:host:buckets:quota:<allowance>:<client>}, so a client spread over every host of a cluster by a
 * load balancer gets one quota, not one per host.
 *
 * <p>Each {@link #take} is a bucket operation in Redis (a GET and a compare-and-swap script, about two round trips),
 * on the path of anonymous session starts and writes only. While Redis cannot be reached it throws {@code 503
 * SHARED_STATE_UNAVAILABLE} within about a second (the write is then not done). Thread-safe.
 */
public final class RedisAnonymousQuota implements AnonymousQuota {
    private static final String WHAT = "The shared quota of callers without sign-in";

    private final QuotaRules rules;
    private final SharedBuckets buckets;

    /**
     * @param sessionsPerMinute sessions one client may start per minute, positive
     * @param bytesPerMinute    bytes one client may write per minute, positive
     * @param buckets           the cluster's buckets (timed by the host's clock)
     */
    public RedisAnonymousQuota(long sessionsPerMinute, long bytesPerMinute, SharedBuckets buckets) {
        this.rules = new QuotaRules(sessionsPerMinute, bytesPerMinute);
        this.buckets = Objects.requireNonNull(buckets, "buckets");
    }

    @Override
    public void take(String client, Allowance allowance, long amount) {
        rules.take(client, allowance, amount, (group, what, n) ->
                buckets.tryConsume(WHAT, "quota:" + what.id() + ":" + group, rules.configuration(what), n));
    }
}

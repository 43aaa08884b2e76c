package dev.sessionkit.host.auth;

import dev.sessionkit.host.cluster.SharedBuckets;
import dev.sessionkit.host.cluster.SharedState;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@link ThrottleState} of a cluster, in Redis: failed sign-ins on any host count on every host.
 *
 * <ul>
 *   <li>Buckets: {@link SharedBuckets} under {@code {ns}:host:buckets:throttle:<key>}, atomic across hosts, refilled
 *       by the host's clock.</li>
 *   <li>Known addresses: {@code {ns}:host:known-address:<username>\n<address>} holds the moment (epoch milliseconds,
 *       by the host's clock) until which the address is remembered for that user; the key expires in Redis at about
 *       that moment, so old entries do not pile up.</li>
 *   <li>Redis unreachable: {@code 503 SHARED_STATE_UNAVAILABLE} from every method, within about a second.</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisThrottleState implements ThrottleState {
    private static final String WHAT = "The shared sign-in counts";

    private final SharedState shared;
    private final SharedBuckets buckets;
    private final Clock clock;
    private final Duration rememberFor;

    /**
     * @param shared      the cluster's shared state
     * @param buckets     the cluster's buckets
     * @param clock       the host's clock
     * @param rememberFor how long an address that signed in as a user is remembered
     */
    public RedisThrottleState(SharedState shared, SharedBuckets buckets, Clock clock, Duration rememberFor) {
        this.shared = shared;
        this.buckets = buckets;
        this.clock = clock;
        this.rememberFor = rememberFor;
    }

    @Override
    public ConsumptionProbe take(String key, BucketConfiguration configuration) {
        return buckets.tryConsume(WHAT, bucketKey(key), configuration, 1);
    }

    @Override
    public void giveBack(String key, BucketConfiguration configuration) {
        buckets.addTokens(WHAT, bucketKey(key), configuration, 1);
    }

    @Override
    public void refill(String key, BucketConfiguration configuration) {
        buckets.reset(WHAT, bucketKey(key), configuration);
    }

    @Override
    public boolean isKnownAddress(String username, String address) {
        String until = shared.call(WHAT, commands -> commands.get(addressKey(username, address)));
        return until != null && Long.parseLong(until) > clock.millis();
    }

    @Override
    public void rememberAddress(String username, String address) {
        String until = Long.toString(clock.millis() + rememberFor.toMillis());
        shared.call(WHAT, commands -> commands.set(addressKey(username, address), until,
                SetArgs.Builder.px(rememberFor.toMillis())));
    }

    private static String bucketKey(String key) {
        return "throttle:" + key;
    }

    private String addressKey(String username, String address) {
        return shared.key("known-address:" + username + '\n' + address);
    }
}

package dev.sessionkit.host.auth;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Where the {@link SignInThrottle} keeps what it counts: a token bucket per key, and the addresses each username
 * signed in from.
 *
 * <p>{@link InMemoryThrottleState} keeps both in this host's memory, which is right for one host. Several hosts behind
 * a load balancer (cluster mode) need one shared state, or an attacker gets each host's limits anew:
 * {@link RedisThrottleState} keeps the buckets in Redis (Bucket4j's proxy manager for Lettuce) and the known addresses
 * as keys, so a failure on one host counts on every host. Both pass {@code ThrottleStateContract}.
 *
 * <p>Contract:
 * <ul>
 *   <li>A bucket that does not exist is created full with the {@code configuration} given; an implementation may
 *       forget a bucket that has not been used for as long as it takes to refill completely (it would be full
 *       again). Buckets refill by the host's clock.</li>
 *   <li>Each bucket operation is atomic, also between hosts sharing the state; what one host takes, every host sees
 *       taken when the call returns.</li>
 *   <li>A state kept in Redis throws {@link dev.sessionkit.api.error.ServiceUnavailableException}
 *       {@code SHARED_STATE_UNAVAILABLE} (503) from any method while Redis cannot be reached, within about a second,
 *       never hangs; the sign-in is then refused with that 503 (never let through uncounted).</li>
 *   <li>Arguments are never null. Thread-safe.</li>
 * </ul>
 */
public interface ThrottleState {
    /**
     * Takes one token from a bucket.
     *
     * @param key           the key, such as {@code address:203.0.113.5}
     * @param configuration the bucket's limits, used when it is created
     * @return whether it was taken and, if not, how long until one is back
     */
    ConsumptionProbe take(String key, BucketConfiguration configuration);

    /**
     * Gives one token back to a bucket, never above its capacity.
     *
     * @param key           the key
     * @param configuration the bucket's limits, used when it is created
     */
    void giveBack(String key, BucketConfiguration configuration);

    /**
     * Fills a bucket up to its capacity (forgives every failure it counts).
     *
     * @param key           the key
     * @param configuration the bucket's limits, used when it is created
     */
    void refill(String key, BucketConfiguration configuration);

    /**
     * @param username a username, lower case
     * @param address  a client address
     * @return whether a sign-in as that user succeeded from that address within the remembered period
     */
    boolean isKnownAddress(String username, String address);

    /**
     * Records that a sign-in as that user succeeded from that address now.
     *
     * @param username a username, lower case
     * @param address  a client address
     */
    void rememberAddress(String username, String address);
}

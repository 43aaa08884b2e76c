package dev.sessionkit.host.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the {@link SignInThrottle} keeps what it counts: a token bucket per key, and the addresses each username
 * signed in from.
 *
 * <p>{@link InMemoryThrottleState} keeps both in this host's memory, which is right for one host. Several hosts behind
 * a load balancer (cluster mode) need one shared state, or an attacker gets each host's limits anew: an implementation
 * over Redis replaces it without changing the throttle, its buckets from Bucket4j's {@code bucket4j-redis} module (a
 * {@code ProxyManager} over Lettuce hands out {@link Bucket}s whose state lives in Redis and is updated atomically,
 * with the host's clock as its time source) and its known addresses as keys with a time to live.
 *
 * <p>Implementations are thread-safe; each bucket's operations are atomic.
 */
public interface ThrottleState {
    /**
     * The bucket of a key. A bucket that does not exist is created full; an implementation may forget a bucket that
     * has not been used for as long as it takes to refill completely (it would be full again).
     *
     * @param key           the key, such as {@code address:203.0.113.5}
     * @param configuration the bucket's limits, used when it is created
     * @return the bucket
     */
    Bucket bucket(String key, BucketConfiguration configuration);

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

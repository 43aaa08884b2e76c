package dev.sessionkit.host.cluster;

import dev.sessionkit.host.quota.ClockTimeMeter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Token buckets kept in Redis and shared by every host of a cluster, for rate limits that must hold cluster-wide
 * (sign-in throttling, the quota on anonymous callers): Bucket4j's {@code ProxyManager} for Lettuce, whose buckets
 * live in Redis and change by compare-and-swap (a GET and a script, retried when another host changed the bucket in
 * between), so each operation is atomic across hosts.
 *
 * <ul>
 *   <li>Keys: {@code {ns}:host:buckets:<key>}, under the namespace's hash tag; values are Bucket4j's binary state, on
 *       a second connection with binary values ({@code RedisConnection#binaryCommands}).</li>
 *   <li>Time: the host's {@link Clock} (Bucket4j's client-side clock), so every host refills by its own clock (keep
 *       them synchronized with NTP) and tests advance a manual clock. A bucket's key expires in Redis a while after
 *       it would be full again (a full bucket is what a missing one is), so idle keys do not pile up.</li>
 *   <li>Failures: Redis unreachable, or no answer within the shared state's timeout (1 s), is
 *       {@link dev.sessionkit.api.error.ServiceUnavailableException} {@code SHARED_STATE_UNAVAILABLE} (503); nothing
 *       hangs.</li>
 * </ul>
 * Thread-safe.
 */
public final class SharedBuckets {
    /** How long a bucket's key outlives the moment it is full again. */
    private static final Duration KEEP_WHEN_FULL = Duration.ofSeconds(10);

    private final SharedState shared;
    private final ProxyManager<Object> buckets;

    /**
     * @param shared the cluster's shared state (its connection)
     * @param clock  the host's clock
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when Redis cannot be reached
     */
    public SharedBuckets(SharedState shared, Clock clock) {
        this.shared = shared;
        RedisClusterAsyncCommands<String, byte[]> commands;
        try {
            commands = shared.connection().binaryCommands();
        } catch (RedisException e) {
            throw shared.unavailable("The shared rate limits", e);
        }
        this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new Commands(commands))
                .clientClock(new ClockTimeMeter(clock))
                .requestTimeout(SharedState.TIMEOUT)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_WHEN_FULL))
                .build();
    }

    /**
     * Takes tokens from a bucket, created full with {@code configuration} when Redis has none under the key.
     *
     * @param what          what the bucket counts, for the 503's message ("The shared sign-in counts")
     * @param key           the bucket's key in the namespace, such as {@code throttle:address:203.0.113.5}
     * @param configuration its limits
     * @param tokens        how many, positive
     * @return whether they were taken, what remains and how long until enough is back
     */
    public ConsumptionProbe tryConsume(String what, String key, BucketConfiguration configuration, long tokens) {
        return run(what, key, configuration, bucket -> bucket.tryConsumeAndReturnRemaining(tokens));
    }

    /**
     * Gives tokens back to a bucket, never above its capacity.
     *
     * @param what          what the bucket counts, for the 503's message
     * @param key           the bucket's key
     * @param configuration its limits
     * @param tokens        how many, positive
     */
    public void addTokens(String what, String key, BucketConfiguration configuration, long tokens) {
        run(what, key, configuration, bucket -> {
            bucket.addTokens(tokens);
            return null;
        });
    }

    /**
     * Fills a bucket up to its capacity.
     *
     * @param what          what the bucket counts, for the 503's message
     * @param key           the bucket's key
     * @param configuration its limits
     */
    public void reset(String what, String key, BucketConfiguration configuration) {
        run(what, key, configuration, bucket -> {
            bucket.reset();
            return null;
        });
    }

    private <T> T run(String what, String key, BucketConfiguration configuration, Function<BucketProxy, T> action) {
        try {
            return action.apply(buckets.builder().build(shared.key("buckets:" + key), () -> configuration));
        } catch (RedisException | BucketExceptions.BucketExecutionException e) {
            throw shared.unavailable(what, e);
        }
    }

    /**
     * The three commands Bucket4j's proxy manager sends, on the binary connection (a server or a cluster alike). Its
     * keys are typed {@code Object}: Bucket4j passes them in an {@code Object[]}, which a {@code String[]} parameter
     * would refuse.
     */
    private record Commands(RedisClusterAsyncCommands<String, byte[]> commands) implements RedisApi<Object> {
        @Override
        public <V> RedisFuture<V> eval(String script, ScriptOutputType type, Object[] keys, byte[][] args) {
            return commands.eval(script, type, Arrays.copyOf(keys, keys.length, String[].class), args);
        }

        @Override
        public RedisFuture<byte[]> get(Object key) {
            return commands.get((String) key);
        }

        @Override
        public RedisFuture<?> delete(Object key) {
            return commands.del((String) key);
        }
    }
}

package dev.sessionkit.store;

import dev.sessionkit.api.session.SessionLimits;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link RedisSessionStore}, filled in by the consumer given to
 * {@link RedisSessionStore#create(java.util.function.Consumer)}:
 * <pre>{@code
 * RedisSessionStore backend = RedisSessionStore.create(config -> {
 *     config.url = "redis://127.0.0.1:6379";
 *     config.namespace = "sessionkit-staging";
 * });
 * }</pre>
 * Plain public fields, read once when the store is created. Not thread-safe.
 */
public final class RedisStoreConfig {
    /** Where Redis is, as {@link RedisUrl} documents. Required. */
    public String url;

    /**
     * The prefix of every key, so several environments can share one Redis: keys are {@code {namespace}:...}, one hash
     * tag, so every script is legal on a Redis Cluster. Letters, digits, {@code .}, {@code _} and {@code -}; not
     * empty. Default: {@code sessionkit}.
     */
    public String namespace = "sessionkit";

    /** The clock every expiry is measured with (the store never reads Redis's clock). Default: system UTC. */
    public Clock clock = Clock.systemUTC();

    /** The limits, the same on every host that shares the namespace. Default: {@link SessionLimits#DEFAULTS}. */
    public SessionLimits limits = SessionLimits.DEFAULTS;

    /**
     * What sessions started without a signed-in user may take, the same on every host that shares the namespace.
     * Default: {@link AnonymousLimits#DEFAULTS}.
     */
    public AnonymousLimits anonymous = AnonymousLimits.DEFAULTS;

    /**
     * How long one command may take before it fails with {@code SESSION_STORE_UNAVAILABLE}; also the connect
     * timeout. Default: 1 second.
     */
    public Duration commandTimeout = Duration.ofSeconds(1);

    /**
     * Whether a background thread sweeps expired sessions every second (every host does it; the sweep is idempotent)
     * and probes Redis so {@code /health} knows when it is back. When false, tests call {@code cleanUp()} themselves.
     * Default: true.
     */
    public boolean promptExpiry = true;

    /** Receives each operation's duration and outcome, for metrics. Default: none. */
    public StoreObserver observer = StoreObserver.NONE;

    /** For {@link HostSessionStore#onRedis}: the LOCAL safety net (see {@link CaffeineStoreConfig#localIdleTimeout}). */
    public Duration localIdleTimeout = Duration.ofHours(1);
}

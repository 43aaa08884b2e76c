package dev.sessionkit.store.redis;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.AnonymousLimits;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.RedisStoreConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores over a test's Redis: each test gets its own namespace, so it starts from an empty store. Their command
 * timeout is 5 seconds rather than the product's 1: the contract tests check behaviour, not latency, and a loaded
 * 2-core machine can stall Redis or the test's threads past a second. {@link RedisFailuresTest} checks the product's
 * timeout with {@link #openAsInProduction}.
 */
final class RedisStores {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final Duration PATIENT = Duration.ofSeconds(5);

    private RedisStores() {
    }

    /** @return a namespace no other store of this JVM uses */
    static String freshNamespace() {
        return "test-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
    }

    /**
     * @param url       the Redis URL
     * @param namespace the namespace
     * @param clock     the test's clock
     * @param limits    the limits
     * @return a host store over Redis, without the background sweep (tests call cleanUp)
     */
    static HostSessionStore open(String url, String namespace, ManualClock clock, SessionLimits limits) {
        return open(url, namespace, clock, limits, AnonymousLimits.DEFAULTS);
    }

    /**
     * @param url       the Redis URL
     * @param namespace the namespace
     * @param clock     the test's clock
     * @param limits    the limits
     * @param anonymous what anonymous sessions may take
     * @return a host store over Redis, without the background sweep (tests call cleanUp)
     */
    static HostSessionStore open(String url, String namespace, ManualClock clock, SessionLimits limits,
                                 AnonymousLimits anonymous) {
        return open(url, namespace, clock, limits, anonymous, PATIENT);
    }

    /** As {@link #open(String, String, ManualClock, SessionLimits)}, with the product's default command timeout. */
    static HostSessionStore openAsInProduction(String url, String namespace, ManualClock clock, SessionLimits limits) {
        return open(url, namespace, clock, limits, AnonymousLimits.DEFAULTS, new RedisStoreConfig().commandTimeout);
    }

    private static HostSessionStore open(String url, String namespace, ManualClock clock, SessionLimits limits,
                                         AnonymousLimits anonymous, Duration commandTimeout) {
        return HostSessionStore.onRedis(config -> {
            config.url = url;
            config.namespace = namespace;
            config.clock = clock;
            config.limits = limits;
            config.anonymous = anonymous;
            config.promptExpiry = false;
            config.commandTimeout = commandTimeout;
        });
    }
}

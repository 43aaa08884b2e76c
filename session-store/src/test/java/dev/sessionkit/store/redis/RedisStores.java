package dev.sessionkit.store.redis;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.AnonymousLimits;
import dev.sessionkit.store.HostSessionStore;
import java.util.concurrent.atomic.AtomicInteger;

/** Stores over a test's Redis: each test gets its own namespace, so it starts from an empty store. */
final class RedisStores {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

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
        return HostSessionStore.onRedis(config -> {
            config.url = url;
            config.namespace = namespace;
            config.clock = clock;
            config.limits = limits;
            config.anonymous = anonymous;
            config.promptExpiry = false;
        });
    }
}

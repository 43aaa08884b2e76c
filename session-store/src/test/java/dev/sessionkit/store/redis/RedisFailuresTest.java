package dev.sessionkit.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** What the Redis store does when Redis is down, comes back, forgets its script, or may evict keys. */
class RedisFailuresTest {
    private static final SessionRef.Global ALICE = new SessionRef.Global("shop",
            new UserIdentity("u-alice", "alice", "user"), Duration.ofMinutes(30));
    /** Generous bounds for "about a second" on a loaded 2-core CI machine; the point is that nothing hangs. */
    private static final long QUICK_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void whileRedisIsDownOperationsFailQuicklyWith503AndTheStoreRecoversByItself() {
        try (RedisServer redis = RedisServer.start();
             HostSessionStore store = RedisStores.openAsInProduction(redis.url(), RedisStores.freshNamespace(),
                     new ManualClock(),
                     SessionLimits.DEFAULTS)) {
            store.put(ALICE, Map.of("cart", IntNode.valueOf(1)), PutOptions.DEFAULT);
            assertTrue(store.status().up());

            redis.stop();
            for (int attempt = 0; attempt < 3; attempt++) {
                long started = System.nanoTime();
                ServiceUnavailableException down = assertThrows(ServiceUnavailableException.class,
                        () -> store.get(ALICE, List.of("cart")));
                assertTrue(System.nanoTime() - started < QUICK_NANOS, "a call waited for Redis too long");
                assertEquals("SESSION_STORE_UNAVAILABLE", down.code());
                assertFalse(down.getMessage().contains("password"));
            }
            assertFalse(store.status().up());
            assertTrue(store.status().problem().contains("cannot be reached"));

            redis.restart(); // empty (no persistence) and without the script: EVALSHA answers NOSCRIPT
            awaitSuccess(() -> store.put(ALICE, Map.of("cart", IntNode.valueOf(2)), PutOptions.DEFAULT));
            assertEquals(IntNode.valueOf(2), store.get(ALICE, List.of("cart")).get("cart"));
            assertTrue(store.status().up());
        }
    }

    @Test
    void aRedisThatEvictsKeysIsRefusedNamingTheSetting() {
        try (RedisServer redis = RedisServer.start(List.of("--maxmemory-policy", "allkeys-lru"))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> RedisStores.openAsInProduction(redis.url(), RedisStores.freshNamespace(),
                     new ManualClock(),
                            SessionLimits.DEFAULTS));
            assertTrue(refused.getMessage().contains("maxmemory-policy noeviction"), refused.getMessage());
        }
    }

    @Test
    void aRedisThatCannotBeReachedAtStartIsAClearError() {
        RedisServer redis = RedisServer.start();
        String url = redis.url();
        redis.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RedisStores.openAsInProduction(url, RedisStores.freshNamespace(), new ManualClock(),
                        SessionLimits.DEFAULTS));
        assertTrue(refused.getMessage().contains("Cannot connect"), refused.getMessage());
    }

    @Test
    void aScriptForgottenByRedisIsLoadedAgainWithoutAFailure() {
        try (RedisServer redis = RedisServer.start();
             HostSessionStore store = RedisStores.openAsInProduction(redis.url(), RedisStores.freshNamespace(),
                     new ManualClock(),
                     SessionLimits.DEFAULTS)) {
            store.put(ALICE, Map.of("cart", IntNode.valueOf(1)), PutOptions.DEFAULT);
            redis.cli("SCRIPT", "FLUSH");
            assertEquals(IntNode.valueOf(1), store.get(ALICE, List.of("cart")).get("cart"));
        }
    }

    /** Retries until the action succeeds: Lettuce reconnects in the background. Fails after 20 seconds. */
    private static void awaitSuccess(Runnable action) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                action.run();
                return;
            } catch (ServiceUnavailableException e) {
                if (System.nanoTime() > deadline) throw new AssertionError("the store did not recover", e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}

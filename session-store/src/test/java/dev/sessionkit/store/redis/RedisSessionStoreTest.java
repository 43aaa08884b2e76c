package dev.sessionkit.store.redis;

import dev.sessionkit.store.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contracts on a real {@code redis-server} (a free loopback port, no persistence). */
class RedisSessionStoreTest extends RedisContractTest {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    String url() {
        return redis.url();
    }
}

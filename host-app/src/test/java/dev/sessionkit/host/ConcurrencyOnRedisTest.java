package dev.sessionkit.host;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConcurrencyTest} on a host whose sessions are in Redis (a real redis-server on loopback). */
class ConcurrencyOnRedisTest extends ConcurrencyTest {
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    @Override
    void hostSettings(HostConfig config) {
        config.redisUrl = redis.url();
    }
}

package dev.sessionkit.host;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SharedSessionAccessTest} on a host whose sessions are in Redis (a real redis-server on loopback). */
class SharedSessionAccessOnRedisTest extends SharedSessionAccessTest {
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    @Override
    void hostSettings(HostConfig config) {
        config.redisUrl = redis.url();
    }
}

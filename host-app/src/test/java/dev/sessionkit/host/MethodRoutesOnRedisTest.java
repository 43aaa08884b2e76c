package dev.sessionkit.host;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MethodRoutesTest} on a host whose sessions are in Redis (a real redis-server on loopback). */
class MethodRoutesOnRedisTest extends MethodRoutesTest {
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    @Override
    void hostSettings(HostConfig config) {
        config.redisUrl = redis.url();
    }
}

package dev.sessionkit.host;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SessionAdminRoutesTest} on a host whose sessions are in Redis (a real redis-server on loopback). */
class SessionAdminRoutesOnRedisTest extends SessionAdminRoutesTest {
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    @Override
    void hostSettings(HostConfig config) {
        config.redisUrl = redis.url();
    }
}

package dev.sessionkit.host;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ExecutionHistoryPrivacyTest} on a cluster host, whose execution history is kept in Redis. */
class ExecutionHistoryPrivacyOnRedisTest extends ExecutionHistoryPrivacyTest {
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    @Override
    void hostSettings(HostConfig config) {
        config.redisUrl = redis.url();
    }
}

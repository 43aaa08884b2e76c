package dev.sessionkit.host.auth;

import dev.sessionkit.host.cluster.SharedStateFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link Revocations} contract on Redis, with a second host's store over the same namespace as the peer. */
class RedisRevocationsTest extends RevocationsContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();

    @Override
    protected Revocations newStore() {
        return new RedisRevocations(redis.newNamespace(), clock);
    }

    @Override
    protected Revocations peerOf(Revocations first) {
        return new RedisRevocations(redis.sameNamespace(), clock);
    }
}

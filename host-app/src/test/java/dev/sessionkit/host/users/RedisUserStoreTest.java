package dev.sessionkit.host.users;

import dev.sessionkit.host.cluster.SharedStateFixture;
import dev.sessionkit.host.json.Json;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link UserStore} contract on Redis, with a second host's store over the same namespace as the peer. */
class RedisUserStoreTest extends UserStoreContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();

    @Override
    protected UserStore newStore() {
        return new RedisUserStore(redis.newNamespace(), Json.newMapper());
    }

    @Override
    protected UserStore peerOf(UserStore first) {
        return new RedisUserStore(redis.sameNamespace(), Json.newMapper());
    }
}

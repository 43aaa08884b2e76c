package dev.sessionkit.host.apps;

import dev.sessionkit.host.cluster.SharedStateFixture;
import dev.sessionkit.host.json.Json;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link AppStore} contract on Redis, with a second host's store over the same namespace as the peer. */
class RedisAppStoreTest extends AppStoreContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();

    @Override
    protected AppStore newStore() {
        RedisAppStore store = new RedisAppStore(redis.newNamespace(), Json.newMapper(), clock);
        store.createDefaultOnFirstStart();
        return store;
    }

    @Override
    protected AppStore peerOf(AppStore first) {
        return new RedisAppStore(redis.sameNamespace(), Json.newMapper(), clock);
    }
}

package dev.sessionkit.host.auth;

import dev.sessionkit.api.testkit.AccountsContract;
import dev.sessionkit.host.cluster.SharedBuckets;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.SharedStateFixture;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.users.RedisUserStore;
import dev.sessionkit.store.HostSessionStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link dev.sessionkit.api.accounts.Accounts} contract in cluster mode: accounts, revoked tokens, throttle
 * buckets and sessions in a real Redis, with a second host over the same namespace as the peer (so a sign-up through
 * one host signs in through the other).
 */
class RedisAccountsTest extends AccountsContract {
    @RegisterExtension
    static final SharedStateFixture redis = new SharedStateFixture();
    private final List<HostSessionStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(HostSessionStore::close);
    }

    @Override
    protected Host newHost() {
        return host(redis.newNamespace());
    }

    @Override
    protected Host peerOf(Host first) {
        return host(redis.sameNamespace());
    }

    private Host host(SharedState shared) {
        HostSessionStore sessions = HostSessionStore.onRedis(config -> {
            config.url = redis.server().url();
            config.namespace = redis.namespace();
            config.clock = clock;
        });
        stores.add(sessions);
        return new HostAccountsFixture(new RedisUserStore(shared, Json.newMapper()), new RedisRevocations(shared, clock),
                new RedisThrottleState(shared, new SharedBuckets(shared, clock), clock, REFILL), sessions, clock,
                MIN_PASSWORD_LENGTH, TOKEN_LIFETIME, FAILURES, SIGN_UPS, REFILL);
    }
}

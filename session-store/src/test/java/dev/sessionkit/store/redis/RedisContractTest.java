package dev.sessionkit.store.redis;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.AnonymousLimits;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.contract.SessionStoreContract;
import dev.sessionkit.store.contract.SharedBackendContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The whole store contract, and the two-hosts contract, on a real Redis given by {@link #url()}: each store gets its
 * own namespace, so each test starts from an empty store.
 */
abstract class RedisContractTest extends SessionStoreContract {

    /** @return the URL of the Redis this class's tests run on, started before them */
    abstract String url();

    @Override
    protected HostSessionStore newStore(ManualClock clock, SessionLimits limits, AnonymousLimits anonymous) {
        return RedisStores.open(url(), RedisStores.freshNamespace(), clock, limits, anonymous);
    }

    @Nested
    class TwoHosts extends SharedBackendContract {
        @Override
        protected List<HostSessionStore> newPeers(ManualClock clock, SessionLimits limits) {
            String namespace = RedisStores.freshNamespace();
            return List.of(RedisStores.open(url(), namespace, clock, limits),
                    RedisStores.open(url(), namespace, clock, limits));
        }
    }
}

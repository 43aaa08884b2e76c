package dev.sessionkit.auth;

import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.accounts.Accounts;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.testkit.AccountsContract;
import dev.sessionkit.api.testkit.InMemoryAccounts;
import dev.sessionkit.store.HostSessionStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link Accounts} contract on the test kit's {@link InMemoryAccounts}, whose sign-outs end GLOBAL sessions in a
 * real embedded session store: the implementation the plugin's own tests run against passes the same suite as the
 * host's.
 */
class InMemoryAccountsTest extends AccountsContract {
    private final List<HostSessionStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(HostSessionStore::close);
    }

    @Override
    protected Host newHost() {
        HostSessionStore store = HostSessionStore.embedded(config -> config.clock = clock);
        stores.add(store);
        InMemoryAccounts accounts = new InMemoryAccounts(clock, new InMemoryAccounts.Limits(MIN_PASSWORD_LENGTH,
                TOKEN_LIFETIME, FAILURES, SIGN_UPS, REFILL), store::endUserSessions);
        return new Host() {
            @Override
            public Accounts anonymous(String address) {
                return accounts.anonymous(address);
            }

            @Override
            public Accounts bearer(String token, String address) {
                return accounts.bearer(token, address);
            }

            @Override
            public Accounts user(UserIdentity user, String address) {
                return accounts.user(user, address);
            }

            @Override
            public SessionStore sessions() {
                return store;
            }
        };
    }
}

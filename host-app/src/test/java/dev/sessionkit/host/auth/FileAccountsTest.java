package dev.sessionkit.host.auth;

import dev.sessionkit.api.testkit.AccountsContract;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.users.UserRepository;
import dev.sessionkit.store.HostSessionStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link dev.sessionkit.api.accounts.Accounts} contract on a single host: accounts and revoked tokens in the data
 * directory's files, the throttles in memory, the embedded session store.
 */
class FileAccountsTest extends AccountsContract {
    @TempDir
    Path dir;
    private final List<HostSessionStore> stores = new ArrayList<>();
    private int opened;

    @AfterEach
    void closeStores() {
        stores.forEach(HostSessionStore::close);
    }

    @Override
    protected Host newHost() {
        int n = ++opened;
        HostSessionStore sessions = HostSessionStore.embedded(config -> config.clock = clock);
        stores.add(sessions);
        return new HostAccountsFixture(UserRepository.open(Json.newMapper(), dir.resolve("users-" + n + ".json")),
                RevokedTokens.open(Json.newMapper(), dir.resolve("revoked-" + n + ".json"), clock),
                new InMemoryThrottleState(clock, REFILL, REFILL, InMemoryThrottleState.DEFAULT_MAX_ENTRIES), sessions,
                clock, MIN_PASSWORD_LENGTH, TOKEN_LIFETIME, FAILURES, SIGN_UPS, REFILL);
    }
}

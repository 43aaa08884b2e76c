package dev.sessionkit.host.users;

import dev.sessionkit.host.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link UserStore} contract on the accounts file of a single host. */
class FileUserStoreTest extends UserStoreContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected UserStore newStore() {
        return UserRepository.open(Json.newMapper(), dir.resolve("users-" + ++opened + ".json"));
    }
}

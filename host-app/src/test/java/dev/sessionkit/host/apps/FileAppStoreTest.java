package dev.sessionkit.host.apps;

import dev.sessionkit.host.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link AppStore} contract on the app files of a single host. */
class FileAppStoreTest extends AppStoreContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected AppStore newStore() {
        return AppRepository.open(Json.newMapper(), dir.resolve("apps-" + ++opened), clock);
    }
}

package dev.sessionkit.host.auth;

import dev.sessionkit.host.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Revocations} contract on the revocation file of a single host. */
class FileRevocationsTest extends RevocationsContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected Revocations newStore() {
        return RevokedTokens.open(Json.newMapper(), dir.resolve("revoked-" + ++opened + ".json"), clock);
    }
}

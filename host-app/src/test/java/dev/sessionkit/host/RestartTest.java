package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, apps, the signing key and revocations survive a restart; expired revocations are pruned. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void aRestartKeepsUsersAppsTokensAndRevocations() {
        TestHost first = TestHost.start(dataDir);
        String kept;
        String revoked;
        try {
            first.createUser("rae", "builder");
            expect(201, first.post("/api/apps", "{\"id\": \"kept\", \"sessionIdleTimeoutSeconds\": 60}",
                    first.adminToken()));
            kept = first.login("rae", TestHost.password("rae"));
            revoked = first.login("rae", TestHost.password("rae"));
            expect(204, first.post("/api/auth/logout", "", revoked));
        } finally {
            first.close();
        }

        TestHost second = first.restart();
        try {
            assertEquals("rae", json(expect(200, second.get("/api/auth/me", kept))).path("username").asText());
            assertError(401, "TOKEN_REVOKED", second.get("/api/auth/me", revoked));
            assertEquals(60, json(expect(200, second.get("/api/apps/kept", kept)))
                    .path("sessionIdleTimeoutSeconds").asInt());
            assertEquals(200, second.post("/api/auth/login",
                    "{\"username\":\"rae\",\"password\":\"" + TestHost.password("rae") + "\"}", null).code());
        } finally {
            second.close();
        }

        second.clock().advance(Duration.ofHours(9));
        TestHost third = second.restart();
        try {
            assertError(401, "TOKEN_EXPIRED", third.get("/api/auth/me", revoked));
            assertEquals("[]", TestHost.jsonFile(dataDir.resolve("revoked-tokens.json")).path("revoked").toString());
        } finally {
            third.close();
        }
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.store.PersistenceMode;
import dev.sessionkit.store.testing.FailingChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's sessions through the HTTP API: kept across a restart in {@code <data-dir>/sessions}, and a disk
 * that cannot take them answers {@code 507 SESSION_DISK_FULL} / {@code 503 SESSION_STORE_NOT_WRITABLE} (mapped where
 * every product error is mapped) with {@code /health} saying so.
 */
class SessionPersistenceTest {
    private static final String SET = """
            {"inputs": {"scope": "GLOBAL", "parameters": [{"name": "qty", "dataType": "INTEGER", "value": "%d"}]}}""";
    private static final String GET = """
            {"inputs": {"scope": "GLOBAL", "parameters": [{"name": "qty"}]}}""";

    @TempDir
    Path dataDir;

    @Test
    void aNewcomerSetsDataStopsTheHostAndFindsTheDataAfterTheRestart() {
        TestHost first = TestHost.start(dataDir).requireSessionPlugin();
        first.createUser("max", "user");
        String token = first.login("max", TestHost.password("max"));
        expect(200, first.call("default", "session.set-parameters", SET.formatted(3), token));
        JsonNode health = json(expect(200, first.get("/health", null)));
        assertEquals("everysec", health.path("sessionStore").path("persistence").asText(), "the default");

        TestHost second = first.restart();
        try {
            assertEquals("{\"qty\":3}", json(expect(200, second.call("default", "session.get-parameters", GET,
                    token))).path("output").toString());
            assertTrue(Files.exists(dataDir.resolve("sessions").resolve("sessions.snapshot")));
        } finally {
            second.close();
        }
    }

    @Test
    void sessionFilesThatCannotBeReadFailTheStartSayingSoAndReleaseTheDataDirectory() throws Exception {
        Path sessions = Files.createDirectories(dataDir.resolve("sessions"));
        Files.writeString(sessions.resolve("sessions.snapshot"), "not a session file");

        RuntimeException failure = assertThrows(RuntimeException.class, () -> TestHost.start(dataDir));

        assertTrue(failure.getMessage().contains("Cannot read the session files in " + sessions),
                failure.getMessage());
        Files.delete(sessions.resolve("sessions.snapshot"));
        TestHost fixed = TestHost.start(dataDir).requireSessionPlugin();
        try {
            assertEquals("UP", json(expect(200, fixed.get("/health/ready", null))).path("status").asText());
        } finally {
            fixed.close();
        }
    }

    @Test
    void withPersistenceNoneARestartStartsWithoutSessions() {
        TestHost first = TestHost.start(dataDir, config -> config.sessionPersistence = PersistenceMode.NONE)
                .requireSessionPlugin();
        first.createUser("max", "user");
        String token = first.login("max", TestHost.password("max"));
        expect(200, first.call("default", "session.set-parameters", SET.formatted(3), token));

        TestHost second = first.restart();
        try {
            assertEquals("{}", json(expect(200, second.call("default", "session.get-parameters", GET, token)))
                    .path("output").toString());
            assertEquals("none", json(expect(200, second.get("/health", null))).path("sessionStore")
                    .path("persistence").asText());
        } finally {
            second.close();
        }
    }

    @Test
    void aFullDiskAnswers507AndAFileSystemThatCannotBeWrittenAnswers503WithHealthSayingSo() {
        FailingChannels channels = new FailingChannels();
        TestHost host = TestHost.start(dataDir, config -> {
            config.sessionPersistence = PersistenceMode.ALWAYS;
            config.sessionFileChannels = channels;
        }).requireSessionPlugin();
        try {
            host.createUser("max", "user");
            String token = host.login("max", TestHost.password("max"));
            expect(200, host.call("default", "session.set-parameters", SET.formatted(1), token));

            channels.failWith(FailingChannels.DISK_FULL);
            assertError(507, "SESSION_DISK_FULL", host.call("default", "session.set-parameters", SET.formatted(2),
                    token));
            JsonNode health = json(expect(200, host.get("/health", null)));
            assertEquals("DEGRADED", health.path("status").asText());
            assertEquals("DOWN", health.path("sessionStore").path("status").asText());
            assertEquals("always", health.path("sessionStore").path("persistence").asText());
            assertTrue(health.path("sessionStore").path("problem").asText().contains("is full"), health.toString());
            JsonNode ready = json(expect(503, host.get("/health/ready", null)));
            assertEquals("DOWN", ready.path("status").asText());
            assertEquals("DOWN", ready.at("/components/sessionStore/status").asText(), ready.toString());
            assertTrue(ready.at("/components/sessionStore/details/problem").asText().contains("is full"),
                    ready.toString());
            expect(200, host.get("/health/live", null));
            assertError(507, "SESSION_DISK_FULL", host.call("default", "session.start", "{}", token));

            channels.failWith(FailingChannels.READ_ONLY);
            awaitCode(host, token, 503, "SESSION_STORE_NOT_WRITABLE");

            channels.failWith(null);
            awaitCode(host, token, 200, null);
            assertEquals("UP", json(expect(200, host.get("/health", null))).path("sessionStore").path("status")
                    .asText());
            assertEquals("UP", json(expect(200, host.get("/health/ready", null))).path("status").asText());
        } finally {
            channels.failWith(null);
            host.close();
        }
    }

    /** Writes until the answer is the one expected (the writer thread retries the files every second); 10 s at most. */
    private static void awaitCode(TestHost host, String token, int status, String code) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            var response = host.call("default", "session.set-parameters", SET.formatted(5), token);
            if (response.code() == status && (code == null || code.equals(TestHost.errorCode(response)))) return;
            assertTrue(System.nanoTime() < deadline, "still " + response.code() + " " + TestHost.body(response));
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }
}

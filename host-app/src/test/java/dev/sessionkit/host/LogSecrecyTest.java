package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's log (slf4j-simple writes to standard error) never holds a password, a token or a secret value. */
class LogSecrecyTest {
    @TempDir
    Path dataDir;

    @Test
    void noPasswordTokenOrSecretValueIsLogged() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> secrets;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TestHost host = TestHost.start(dataDir, config -> config.initialAdminPassword = null)) {
            String generated = host.console().replaceAll("(?s).*password: (\\S+).*", "$1");
            host.createUser("sam", "user");
            String token = host.login("sam", TestHost.password("sam"));
            host.post("/api/auth/login", "{\"username\":\"sam\",\"password\":\"wrong-password-value\"}", null);
            host.post("/api/auth/login", "{\"username\":\"sam\",\"password\": not-json-password-value}", null);
            String sessionToken = json(expect(200, host.call("default", "session.start", "{}", token)))
                    .path("output").path("token").asText();
            expect(200, host.call("default", "session.set-parameters", """
                    {"inputs": {"scope": "TOKEN", "token": "%s", "parameters": [
                      {"name": "apiKey", "dataType": "STRING", "value": "secret-api-key-value", "secret": true}]}}"""
                    .formatted(sessionToken), token));
            expect(400, host.call("default", "session.set-parameters", """
                    {"inputs": {"parameters": [
                      {"name": "pin", "dataType": "INTEGER", "value": "secret-in-a-bad-integer", "secret": true}]}}""",
                    token));
            expect(204, host.post("/api/auth/logout", "", token));
            secrets = List.of(generated, TestHost.password("sam"), "wrong-password-value", "not-json-password-value",
                    token, sessionToken, "secret-api-key-value", "secret-in-a-bad-integer");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("INFO request - POST /api/auth/login 401"), log);
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "the log holds a secret: " + secret);
        }
    }
}

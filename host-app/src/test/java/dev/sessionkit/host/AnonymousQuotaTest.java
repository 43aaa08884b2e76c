package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers without a JWT are counted per client address: sessions started and bytes written per minute answer 429 with
 * Retry-After past the quota; their sessions get the anonymous idle timeout. The host trusts the loopback "proxy",
 * so each test is its own client through X-Forwarded-For.
 */
class AnonymousQuotaTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass(config -> {
        config.anonymousSessionsPerMinute = 3;
        config.anonymousBytesPerMinute = 200;
        config.trustedProxies = List.of("127.0.0.1", "::1");
    });

    private static Response call(TestHost on, String client, String methodId, String body, String token) {
        return on.send("/api/apps/default/methods/" + methodId, request -> {
            request.header("X-Forwarded-For", client);
            if (token != null) request.header("Authorization", "Bearer " + token);
        }, request -> request.post(BodyPublishers.ofString(body)));
    }

    private static String start(String client) {
        return json(expect(200, call(host, client, "session.start", "{}", null))).path("output").path("token")
                .asText();
    }

    @Test
    void sessionsStartedPerMinuteAreCountedPerClientAddress() {
        String client = "198.51.100.10";
        for (int i = 0; i < 3; i++) start(client);
        Response refused = call(host, client, "session.start", "{}", null);
        assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", refused);
        assertEquals(List.of("20"), refused.headers().get("Retry-After"), "three a minute: one back every 20 s");
        JsonNode details = json(refused).path("error").path("details");
        assertEquals("sessionsStarted", details.path("allowance").asText());
        assertEquals(3, details.path("limitPerMinute").asInt());

        start("198.51.100.11");
        expect(200, call(host, client, "session.start", "{}", host.adminToken()));
        host.clock().advance(Duration.ofSeconds(20));
        start(client);
        assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", call(host, client, "session.start", "{}", null));
    }

    @Test
    void bytesWrittenPerMinuteAreCountedAndARefusedWriteStoresNothing() {
        String client = "198.51.100.20";
        String token = start(client);
        String write = "{\"inputs\": {\"scope\": \"TOKEN\", \"token\": \"" + token + "\", \"parameters\": "
                + "[{\"name\": \"%s\", \"dataType\": \"STRING\", \"value\": \"%s\"}]}}";
        expect(200, call(host, client, "session.set-parameters", write.formatted("a", "x".repeat(147)), null));
        Response refused = call(host, client, "session.set-parameters", write.formatted("b", "y".repeat(98)), null);
        assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", refused);
        assertEquals("bytesWritten", json(refused).path("error").path("details").path("allowance").asText());
        assertEquals(1 + 100, json(refused).path("error").path("details").path("requested").asInt());
        assertTrue(Integer.parseInt(refused.headers().get("Retry-After").get(0)) >= 1);
        JsonNode held = json(expect(200, call(host, client, "session.get-parameters", "{\"inputs\": {\"scope\": "
                + "\"TOKEN\", \"token\": \"" + token + "\", \"parameters\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}}",
                null))).path("output");
        assertEquals(List.of("a"), TestHost.fieldNames(held));

        assertError(413, "ANONYMOUS_WRITE_TOO_LARGE", call(host, "198.51.100.21", "session.set-parameters",
                write.formatted("c", "z".repeat(300)), null));
        expect(200, call(host, client, "session.set-parameters", write.formatted("b", "y".repeat(98)),
                host.adminToken()));
    }

    @Test
    void anonymousSessionsGetTheAnonymousIdleTimeout() {
        Instant now = host.clock().instant();
        JsonNode anonymous = json(expect(200, call(host, "198.51.100.30", "session.start", "{}", null)))
                .path("output");
        assertEquals(now.plus(Duration.ofMinutes(30)), Instant.parse(anonymous.path("expiresAt").asText()));
        JsonNode signedIn = json(expect(200, call(host, "198.51.100.30", "session.start", "{}",
                host.adminToken()))).path("output");
        assertTrue(signedIn.path("expiresAt").isNull(), signedIn.toString());
    }

    @Test
    void anonymousFlowsTakeFromTheSameQuota() {
        expect(201, host.post("/api/apps", """
                {"id": "kiosk", "flows": [{"id": "basket", "trigger": {"type": "REST", "method": "POST",
                  "path": "/basket", "auth": "NONE"},
                  "steps": [{"id": "open", "method": "session.start", "input": {}, "output": {"target": "basket"}}]}]}""",
                host.adminToken()));
        for (int i = 0; i < 3; i++) {
            expect(200, host.send("/run/kiosk/basket", request -> request.header("X-Forwarded-For", "198.51.100.40"),
                    request -> request.post(BodyPublishers.ofString("{}"))));
        }
        Response refused = host.send("/run/kiosk/basket", request -> request.header("X-Forwarded-For",
                "198.51.100.40"), request -> request.post(BodyPublishers.ofString("{}")));
        assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", refused);
        assertEquals("open", json(refused).path("error").path("details").path("stepId").asText());
        assertEquals(List.of("20"), refused.headers().get("Retry-After"));
    }

    @Test
    void withoutATrustedProxyAForgedForwardedForChangesNothing(@TempDir Path dir) throws IOException {
        try (TestHost direct = TestHost.start(Files.createDirectories(dir.resolve("data")),
                config -> config.anonymousSessionsPerMinute = 2)) {
            expect(200, call(direct, "203.0.113.1", "session.start", "{}", null));
            expect(200, call(direct, "203.0.113.2", "session.start", "{}", null));
            assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", call(direct, "203.0.113.3", "session.start", "{}", null));
        }
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.auth.FailureLimit;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts with one {@code --redis-url} share the execution history, the sign-in throttle's counts and the quota on
 * anonymous callers, over HTTP; with Redis down, what needs them answers 503 {@code SHARED_STATE_UNAVAILABLE} (and
 * {@code /health/ready} 503 naming Redis)
 * quickly. A real redis-server on loopback; the hosts run in this JVM and trust the loopback "proxy", so each test
 * picks its client address with {@code X-Forwarded-For}.
 */
class ClusterSharedLimitsAndHistoryTest {
    private static final String APP = """
            {"id": "shop", "name": "Shop", "flows": [
              {"id": "hello", "trigger": {"method": "POST", "path": "/hello", "auth": "NONE"},
               "steps": [{"id": "set", "method": "session.set-parameters",
                  "input": {"parameters": [{"name": "greeting", "dataType": "STRING",
                    "valueType": "EXPRESSION", "value": "{{ message.greeting }}"}]},
                  "output": {"target": "kept"}}]}]}""";

    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    @TempDir
    Path temp;
    /** Each test's hosts form a cluster of their own: a namespace no other test used. */
    private final String namespace = "limits-" + CLUSTERS.incrementAndGet();
    private final List<TestHost> hosts = new ArrayList<>();

    @AfterEach
    void stopHostsAndBringRedisBack() {
        hosts.forEach(TestHost::close);
        if (!redis.server().isRunning()) redis.server().restart();
    }

    private TestHost host(String name) throws Exception {
        TestHost host = TestHost.start(Files.createDirectories(temp.resolve(name)), config -> {
            config.redisUrl = redis.url();
            config.redisNamespace = namespace;
            config.trustedProxies = List.of("127.0.0.1", "::1");
            config.signInLimits = config.signInLimits.withPerAddress(new FailureLimit(4, Duration.ofMinutes(10)));
            config.anonymousSessionsPerMinute = 3;
        });
        hosts.add(host);
        return host;
    }

    private static Response from(TestHost host, String client, String path, String body, String token) {
        return host.send(path, request -> {
            request.header("X-Forwarded-For", client);
            if (token != null) request.header("Authorization", "Bearer " + token);
        }, request -> request.post(BodyPublishers.ofString(body)));
    }

    private static Response signIn(TestHost host, String username, String password, String client) {
        return from(host, client, "/api/auth/login", "{\"username\": " + quote(username) + ", \"password\": "
                + quote(password) + "}", null);
    }

    private static Response startSession(TestHost host, String client) {
        return from(host, client, "/api/apps/default/methods/session.start", "{}", null);
    }

    @Test
    void anExecutionRunThroughOneHostIsListedOnTheOther() throws Exception {
        TestHost a = host("a");
        TestHost b = host("b");
        String admin = a.adminToken();
        expect(201, a.post("/api/apps", APP, admin));

        Response run = expect(200, a.post("/run/shop/hello", "{\"greeting\": \"hi from a\"}", null));
        String executionId = run.headers().get("X-Execution-Id").get(0);
        JsonNode listed = json(expect(200, b.get("/api/apps/shop/flows/hello/executions", admin)));
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(executionId, listed.get(0).path("executionId").asText());
        assertEquals("hi from a", listed.get(0).path("response").path("kept").path("greeting").asText());
        assertEquals(listed.get(0), json(expect(200, b.get("/api/apps/shop/flows/hello/executions/" + executionId,
                admin))));

        String renamed = APP.replace("\"id\": \"hello\"", "\"id\": \"renamed\"");
        expect(200, b.put("/api/apps/shop", renamed.replaceFirst("\\{", "{\"version\": 1, "), admin));
        expect(200, a.put("/api/apps/shop", APP.replaceFirst("\\{", "{\"version\": 2, "), admin));
        assertEquals(0, json(expect(200, a.get("/api/apps/shop/flows/hello/executions", admin))).size(),
                "a flow removed on one host and added again starts with no history on every host");
    }

    @Test
    void failedSignInsOnOneHostCountOnTheOther() throws Exception {
        TestHost a = host("a");
        TestHost b = host("b");
        String client = "203.0.113.7";
        for (TestHost host : List.of(a, b, a, b)) {
            assertError(401, "INVALID_CREDENTIALS", signIn(host, "nobody", "guess", client));
        }
        Response refused = signIn(a, "nobody", "guess", client);
        assertError(429, "TOO_MANY_SIGN_IN_ATTEMPTS", refused);
        assertEquals("address", json(refused).path("error").path("details").path("limit").asText());
        assertError(429, "TOO_MANY_SIGN_IN_ATTEMPTS", signIn(b, "admin", TestHost.ADMIN_PASSWORD, client));
        expect(200, signIn(b, "admin", TestHost.ADMIN_PASSWORD, "203.0.113.8"));
    }

    @Test
    void anAnonymousClientHasOneQuotaWhicheverHostServesIt() throws Exception {
        TestHost a = host("a");
        TestHost b = host("b");
        String client = "198.51.100.30";
        expect(200, startSession(a, client));
        expect(200, startSession(b, client));
        expect(200, startSession(a, client));
        assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", startSession(b, client));
        assertError(429, "ANONYMOUS_QUOTA_EXCEEDED", startSession(a, client));
        expect(200, startSession(b, "198.51.100.31"));
    }

    @Test
    void withRedisDownWhatNeedsTheSharedStateAnswers503QuicklyAndHealthStillAnswers() throws Exception {
        TestHost a = host("a");
        String admin = a.adminToken();
        expect(201, a.post("/api/apps", APP, admin));
        expect(200, a.post("/run/shop/hello", "{\"greeting\": \"before\"}", null));
        redis.server().stop();

        List<Supplier<Response>> needingRedis = List.of(
                () -> a.get("/api/apps/shop/flows/hello/executions", admin),
                () -> signIn(a, "admin", TestHost.ADMIN_PASSWORD, "203.0.113.9"),
                () -> startSession(a, "198.51.100.40"),
                () -> a.post("/run/shop/hello", "{\"greeting\": \"during\"}", null));
        for (Supplier<Response> request : needingRedis) {
            long started = System.nanoTime();
            Response response = request.get();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(503, response.code(), () -> body(response));
            String code = json(response).path("error").path("code").asText();
            assertTrue(code.equals("SHARED_STATE_UNAVAILABLE") || code.equals("SESSION_STORE_UNAVAILABLE"), code);
            assertEquals(List.of("1"), response.headers().get("Retry-After"));
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "answered in " + took);
        }
        expect(200, a.get("/health", null));
        expect(200, a.get("/health/live", null));
        JsonNode ready = json(expect(503, a.get("/health/ready", null)));
        assertEquals("DOWN", ready.path("status").asText());
        assertEquals(List.of("sessionStore", "redis", "plugins", "dataDirectory"),
                TestHost.fieldNames(ready.path("components")));
        assertEquals("DOWN", ready.at("/components/redis/status").asText(), ready.toString());
        assertEquals("DOWN", ready.at("/components/sessionStore/status").asText(), ready.toString());
        assertTrue(ready.at("/components/redis/details/problem").asText().contains("Redis"), ready.toString());
        assertEquals("UP", ready.at("/components/plugins/status").asText(), ready.toString());
    }
}

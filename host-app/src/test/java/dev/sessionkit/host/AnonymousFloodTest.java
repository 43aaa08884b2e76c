package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.errorCode;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.session.SessionLimits;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of anonymous clients never blocks a signed-in user. Sixteen clients (distinct addresses behind the trusted
 * loopback proxy), four at a time, each start a TOKEN session and try to write twelve 4 KiB values into it: 768 KiB
 * in all, three times the 256 KiB store. Their quota (32 KiB a minute each) and their share of the store (half) stop
 * them with 429 and 507; meanwhile and afterwards a signed-in user writes 96 KiB to a GLOBAL session without a single
 * refusal. Bounded: 16 x 13 requests on loopback, at most a minute; the clock does not move, so no quota refills.
 */
class AnonymousFloodTest {
    private static final int CLIENTS = 16;
    private static final int WRITES = 12;
    private static final String VALUE = "x".repeat(4096);

    @RegisterExtension
    static final TestHost host = TestHost.perClass(config -> {
        config.sessionLimits = new SessionLimits(1_000, 64 * 1024, 256 * 1024, 10_000);
        config.anonymousBytesPerMinute = 32 * 1024;
        config.trustedProxies = List.of("127.0.0.1", "::1");
    });

    private static Response call(String client, String methodId, String body, String token) {
        return host.send("/api/apps/default/methods/" + methodId, request -> {
            request.header("X-Forwarded-For", client);
            if (token != null) request.header("Authorization", "Bearer " + token);
        }, request -> request.post(BodyPublishers.ofString(body)));
    }

    private static String write(String scope, String token, String name) {
        return "{\"inputs\": {\"scope\": \"" + scope + "\"" + (token == null ? "" : ", \"token\": \"" + token + "\"")
                + ", \"parameters\": [{\"name\": \"" + name + "\", \"dataType\": \"STRING\", \"value\": \"" + VALUE
                + "\"}]}}";
    }

    @Test
    void signedInWritesSucceedWhileAnonymousClientsAreAtTheirLimits() throws InterruptedException {
        String user = host.signUp("ada", "user");
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        AtomicInteger signedInWrites = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int c = 0; c < CLIENTS; c++) {
            String client = "198.51.100." + (c + 1);
            pool.execute(() -> {
                Response started = call(client, "session.start", "{}", null);
                if (started.code() != 200) {
                    outcomes.computeIfAbsent(started.code() + " " + errorCode(started), k -> new AtomicInteger())
                            .incrementAndGet();
                    return;
                }
                String token = json(started).path("output").path("token").asText();
                for (int i = 0; i < WRITES; i++) {
                    Response written = call(client, "session.set-parameters", write("TOKEN", token, "v" + i), null);
                    String outcome = written.code() == 200 ? "200" : written.code() + " " + errorCode(written);
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    if (!Set.of("200", "429 ANONYMOUS_QUOTA_EXCEEDED", "507 ANONYMOUS_SHARE_FULL").contains(outcome)) {
                        unexpected.add(outcome + ": " + body(written));
                    }
                }
            });
            // While the flood runs, the signed-in user keeps writing.
            if (c % 2 == 1) {
                expect(200, call("198.51.100.200", "session.set-parameters", write("GLOBAL", null, "during" + c),
                        user));
                signedInWrites.incrementAndGet();
            }
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "the flood did not end within a minute");

        assertTrue(unexpected.isEmpty(), unexpected.toString());
        assertTrue(outcomes.containsKey("507 ANONYMOUS_SHARE_FULL"), "the anonymous share was reached: " + outcomes);
        assertTrue(outcomes.getOrDefault("200", new AtomicInteger()).get() <= 32, "at most half the store: "
                + outcomes);

        // The anonymous clients are at their limits now: every one of them is refused ...
        for (int c = 0; c < CLIENTS; c++) {
            Response again = call("198.51.100." + (c + 1), "session.start", "{}", null);
            if (again.code() == 200) {
                String token = json(again).path("output").path("token").asText();
                again = call("198.51.100." + (c + 1), "session.set-parameters", write("TOKEN", token, "late"), null);
            }
            assertTrue(again.code() == 429 || again.code() == 507, again.code() + " " + body(again));
        }
        // ... and the signed-in user still writes 96 KiB in all.
        for (int i = signedInWrites.get(); i < 24; i++) {
            expect(200, call("198.51.100.200", "session.set-parameters", write("GLOBAL", null, "after" + i), user));
        }
        assertEquals(24 + 2, json(expect(200, call("198.51.100.200", "session.info", "{\"inputs\": {\"scope\": "
                + "\"GLOBAL\"}}", user))).path("output").path("keyCount").asInt(), "24 values, username, roleId");
    }
}

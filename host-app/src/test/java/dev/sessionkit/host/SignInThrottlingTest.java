package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.errorCode;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in throttling against a started host with the default limits (20 failures per 10 minutes per address, 5 per 15
 * minutes per username and address, 20 per 15 minutes per username from addresses that never signed in as that user).
 * The test client connects from 127.0.0.1, which the host trusts as a proxy, so {@code X-Forwarded-For} gives each
 * request the client address a real proxy would; {@link #directSignIn} connects from another loopback
 * address, which is no proxy.
 */
class SignInThrottlingTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass(config -> config.trustedProxies = List.of("127.0.0.1"));

    private static Response signIn(String username, String password, String address) {
        String body = "{\"username\":" + quote(username) + ",\"password\":" + quote(password) + "}";
        return host.send("/api/auth/login", request -> request.header("X-Forwarded-For", address),
                request -> request.post(BodyPublishers.ofString(body)));
    }

    /** @return how many bcrypt password checks the host has made, from its metrics */
    private static double passwordChecks() {
        String metrics = body(host.get("/metrics", null));
        Matcher matcher = Pattern.compile("(?m)^sessionkit_password_checks_total (\\S+)$").matcher(metrics);
        assertTrue(matcher.find(), metrics);
        return Double.parseDouble(matcher.group(1));
    }

    private static void assertThrottled(Response response, String limit, long retryAfter) {
        assertEquals(429, response.code(), () -> body(response));
        assertEquals(List.of(Long.toString(retryAfter)), response.headers().get("Retry-After"));
        JsonNode error = json(response).path("error");
        assertEquals("TOO_MANY_SIGN_IN_ATTEMPTS", error.path("code").asText());
        assertEquals(limit, error.path("details").path("limit").asText(), error.toString());
        assertEquals(retryAfter, error.path("details").path("retryAfterSeconds").asLong());
        assertTrue(error.path("message").asText().contains("Wait " + retryAfter + " second"), error.toString());
    }

    @Test
    void failuresForOneUsernameFromOneAddressAreThrottledBeforeAnyPasswordIsChecked() {
        host.createUser("alice", "user");
        for (int i = 0; i < 5; i++) {
            assertEquals("INVALID_CREDENTIALS", errorCode(signIn("alice", "guess-" + i, "203.0.113.5")));
        }
        double checks = passwordChecks();
        // 5 failures per 15 minutes: the burst is spent, the next one comes back in 3 minutes.
        assertThrottled(signIn("alice", "guess-6", "203.0.113.5"), "username-and-address", 180);
        assertThrottled(signIn("ALICE", "guess-7", "203.0.113.5"), "username-and-address", 180);
        assertThrottled(signIn("alice", TestHost.password("alice"), "203.0.113.5"), "username-and-address", 180);
        assertEquals(checks, passwordChecks(), "a throttled sign-in spends no bcrypt work");

        host.clock().advance(Duration.ofSeconds(100));
        assertThrottled(signIn("alice", "guess-8", "203.0.113.5"), "username-and-address", 80);
        assertEquals(checks, passwordChecks());
    }

    @Test
    void theRealUserSignsInFromAnotherAddressWhileAnAttackerIsThrottled() {
        host.createUser("bert", "user");
        for (int i = 0; i < 5; i++) signIn("bert", "guess-" + i, "198.51.100.7");
        assertEquals(429, signIn("bert", "guess-5", "198.51.100.7").code());

        Response real = signIn("bert", TestHost.password("bert"), "192.0.2.44");
        assertEquals(200, real.code(), () -> body(real));
        assertEquals("bert", json(real).path("user").path("username").asText());
        assertEquals(429, signIn("bert", "guess-6", "198.51.100.7").code(), "the attacker stays throttled");
    }

    @Test
    void anAttackFromManyAddressesNeverLocksTheUserOutOfAnAddressTheySignedInFromBefore() {
        host.createUser("cleo", "user");
        assertEquals(200, signIn("cleo", TestHost.password("cleo"), "192.0.2.80").code());
        // Five addresses of 5 failures each empty cleo's budget of 20 failures from new addresses.
        for (int a = 1; a <= 5; a++) {
            for (int i = 0; i < 5; i++) signIn("cleo", "guess-" + a + "-" + i, "198.51.100." + (100 + a));
        }
        assertThrottled(signIn("cleo", "guess", "198.51.100.200"), "username", 45);
        assertThrottled(signIn("cleo", TestHost.password("cleo"), "203.0.113.99"), "username", 45);

        Response known = signIn("cleo", TestHost.password("cleo"), "192.0.2.80");
        assertEquals(200, known.code(), () -> body(known));
        // A known address still has its own budget for cleo: it fails on its own mistakes only.
        for (int i = 0; i < 5; i++) {
            assertEquals(401, signIn("cleo", "typo-" + i, "192.0.2.80").code());
        }
        assertThrottled(signIn("cleo", "typo", "192.0.2.80"), "username-and-address", 180);
    }

    @Test
    void oneAddressTryingManyUsernamesIsThrottled() {
        for (int i = 0; i < 20; i++) {
            assertEquals(401, signIn("nobody-" + i, "guess", "198.51.100.50").code());
        }
        double checks = passwordChecks();
        // 20 failures per 10 minutes: one more every 30 seconds.
        assertThrottled(signIn("nobody-20", "guess", "198.51.100.50"), "address", 30);
        assertThrottled(signIn("admin", TestHost.ADMIN_PASSWORD, "198.51.100.50"), "address", 30);
        assertEquals(checks, passwordChecks());
        assertEquals(200, signIn("admin", TestHost.ADMIN_PASSWORD, "198.51.100.51").code(),
                "another address is not affected");
    }

    @Test
    void throttledAttemptsRecoverAsTimePasses() {
        host.createUser("dora", "user");
        for (int i = 0; i < 5; i++) signIn("dora", "guess-" + i, "203.0.113.20");
        assertThrottled(signIn("dora", "guess", "203.0.113.20"), "username-and-address", 180);

        host.clock().advance(Duration.ofMinutes(3));
        assertEquals(401, signIn("dora", "guess-after-3-minutes", "203.0.113.20").code(), "one more try came back");
        assertEquals(429, signIn("dora", "guess", "203.0.113.20").code(), "and only one");

        host.clock().advance(Duration.ofMinutes(3));
        Response real = signIn("dora", TestHost.password("dora"), "203.0.113.20");
        assertEquals(200, real.code(), () -> body(real));
        // A success forgives this address's earlier failures for dora: a full budget again.
        for (int i = 0; i < 5; i++) {
            assertEquals(401, signIn("dora", "typo-" + i, "203.0.113.20").code(), "typo " + i);
        }
        assertEquals(429, signIn("dora", "typo", "203.0.113.20").code());
        host.clock().advance(Duration.ofMinutes(15));
        assertEquals(401, signIn("dora", "after-15-minutes", "203.0.113.20").code());
    }

    @Test
    void successfulSignInsAreNeverThrottled() {
        host.createUser("eli", "user");
        for (int i = 0; i < 40; i++) {
            assertEquals(200, signIn("eli", TestHost.password("eli"), "203.0.113.30").code(), "sign-in " + i);
        }
    }

    @Test
    void metricsCountSignInsByOutcome() {
        host.createUser("fay", "user");
        for (int i = 0; i < 6; i++) signIn("fay", "guess-" + i, "203.0.113.40");
        String metrics = body(host.get("/metrics", null));
        for (String outcome : List.of("signed_in", "refused", "throttled")) {
            assertTrue(metrics.contains("sessionkit_sign_ins_total{outcome=\"" + outcome + "\"}"), metrics);
        }
    }

    @Test
    void aClientThatIsNotATrustedProxyCannotNameAnotherAddress() throws IOException {
        host.createUser("gus", "user");
        // 127.0.0.2 is not a trusted proxy: its X-Forwarded-For is ignored, so changing it does not escape the limit.
        for (int i = 0; i < 5; i++) {
            assertEquals(401, directSignIn("gus", "guess-" + i, "10.9.9." + i));
        }
        assertEquals(429, directSignIn("gus", TestHost.password("gus"), "10.9.9.99"));
        assertEquals(429, signIn("gus", TestHost.password("gus"), "127.0.0.2").code(),
                "through the trusted proxy, 127.0.0.2 is the same client");
        assertEquals(429, signIn("gus", TestHost.password("gus"), "10.9.9.1, 127.0.0.2").code(),
                "entries left of the one the trusted proxy added are the client's own words");
        assertEquals(200, signIn("gus", TestHost.password("gus"), "127.0.0.3").code());
    }

    /** Signs in over a connection from 127.0.0.2, claiming to forward {@code forwardedFor}. @return the status */
    private static int directSignIn(String username, String password, String forwardedFor) throws IOException {
        byte[] body = ("{\"username\":" + quote(username) + ",\"password\":" + quote(password) + "}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), host.host().port(),
                InetAddress.getByName("127.0.0.2"), 0)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Forwarded-For: " + forwardedFor + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String statusLine = answer.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}

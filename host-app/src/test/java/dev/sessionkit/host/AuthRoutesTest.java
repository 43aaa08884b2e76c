package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.errorCode;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.fieldNames;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.auth.JwtForgery;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthRoutesTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();



    @Test
    void loginAnswersABearerTokenAndTheUser() {
        Instant now = host.clock().instant();
        Response response = host.post("/api/auth/login",
                "{\"username\": \"ADMIN\", \"password\": \"" + TestHost.ADMIN_PASSWORD + "\"}", null);
        assertEquals(200, response.code());
        JsonNode body = json(response);
        assertEquals("Bearer", body.path("tokenType").asText());
        assertEquals(3, body.path("token").asText().split("\\.").length);
        assertEquals(now.plus(Duration.ofHours(8)).toString(), body.path("expiresAt").asText());
        assertEquals("admin", body.path("user").path("username").asText());
        assertEquals("admin", body.path("user").path("roleId").asText());
        assertEquals(List.of("id", "username", "roleId"), fieldNames(body.path("user")));
        assertEquals(List.of("no-store"), response.headers().get("Cache-Control"), "a token is never cached");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        Response wrongPassword = host.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"nope\"}", null);
        Response unknownUser = host.post("/api/auth/login", "{\"username\":\"ghost\",\"password\":\"nope\"}", null);
        assertEquals(401, wrongPassword.code());
        assertEquals(401, unknownUser.code());
        assertEquals("INVALID_CREDENTIALS", errorCode(wrongPassword));
        assertEquals(TestHost.body(wrongPassword), TestHost.body(unknownUser));
        assertEquals(List.of("Bearer"), wrongPassword.headers().get("WWW-Authenticate"));
    }

    @Test
    void malformedLoginRequestsAre400() {
        assertError(400, "INVALID_JSON", host.post("/api/auth/login", "{\"username\":", null));
        assertError(400, "INVALID_BODY", host.post("/api/auth/login", "[]", null));
        assertError(400, "INVALID_BODY", host.post("/api/auth/login", "", null));
        Response missing = expect(400, host.post("/api/auth/login", "{\"username\":\"admin\"}", null));
        assertEquals("INVALID_INPUT", errorCode(missing));
        assertEquals("password", json(missing).path("error").path("details").path("field").asText());
        assertError(400, "UNKNOWN_FIELD", host.post("/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"x\",\"remember\":true}", null));
        assertError(400, "INVALID_JSON", host.post("/api/auth/login",
                "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}", null));
    }

    @Test
    void meAnswersTheCallerAndNeedsAToken() {
        Response me = expect(200, host.get("/api/auth/me", host.adminToken()));
        assertEquals("admin", json(me).path("username").asText());
        assertEquals("admin", json(me).path("roleId").asText());
        Response anonymous = expect(401, host.get("/api/auth/me", null));
        assertEquals("AUTHENTICATION_REQUIRED", errorCode(anonymous));
    }

    @Test
    void everyBadTokenIs401() throws Exception {
        String valid = host.adminToken();
        byte[] hostKey = Base64.getDecoder().decode(
                Files.readString(host.dataDir().resolve("secrets/jwt-hs256.key")).trim());
        String adminId = json(host.get("/api/auth/me", valid)).path("id").asText();
        Instant later = host.clock().instant().plus(Duration.ofHours(1));

        assertRefused("INVALID_TOKEN", JwtForgery.sign(Algorithm.none(), adminId, "sessionkit", later));
        assertRefused("INVALID_TOKEN", JwtForgery.tamperedPayload(valid));
        assertRefused("INVALID_TOKEN", JwtForgery.sign(Algorithm.HMAC256(new byte[32]), adminId, "sessionkit", later));
        assertRefused("INVALID_TOKEN", JwtForgery.sign(Algorithm.HMAC256(hostKey), adminId, "sessionkit", null));
        assertRefused("INVALID_TOKEN", JwtForgery.sign(Algorithm.HMAC256(hostKey), adminId, "elsewhere", later));
        assertRefused("INVALID_TOKEN", "garbage");
        assertRefused("UNKNOWN_USER", JwtForgery.sign(Algorithm.HMAC256(hostKey), "no-such-user", "sessionkit", later));

        // The host's own key, the right claims: accepted (so the refusals above are about what they change).
        assertEquals(200, host.get("/api/auth/me", JwtForgery.sign(Algorithm.HMAC256(hostKey), adminId, "sessionkit",
                later)).code());
    }

    @Test
    void signInAndHealthIgnoreAStaleOrBrokenAuthorizationHeader() {
        String revoked = host.adminToken();
        Response loggedOut = expect(204, host.post("/api/auth/logout", "", revoked));
        List<String> contentType = loggedOut.headers().get("Content-Type");
        assertTrue(contentType == null || contentType.isEmpty(), "a 204 has no content type: " + contentType);
        for (String header : List.of("Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer garbage", "Bearer " + revoked)) {
            Response health = host.send("/health", request -> request.header("Authorization", header),
                    Request.Builder::get);
            assertEquals(200, health.code(), header);
            Response login = host.send("/api/auth/login", request -> request.header("Authorization", header),
                    request -> request.post(BodyPublishers.ofString(
                            "{\"username\":\"admin\",\"password\":\"" + TestHost.ADMIN_PASSWORD + "\"}")));
            assertEquals(200, login.code(), header);
        }
    }

    @Test
    void aBrokenHeaderIs401OnEveryOtherRouteEvenWhereNoUserIsNeeded() {
        for (String header : List.of("Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer   ", "token")) {
            Response start = host.send("/api/apps/default/methods/session.start",
                    request -> request.header("Authorization", header),
                    request -> request.post(BodyPublishers.ofString("{}")));
            assertEquals(401, start.code(), header);
            assertEquals("INVALID_AUTHORIZATION_HEADER", errorCode(start));
        }
        Response start = host.send("/api/apps/default/methods/session.start",
                request -> request.header("Authorization", "Bearer garbage"),
                request -> request.post(BodyPublishers.ofString("{}")));
        assertEquals(401, start.code());
        assertEquals("INVALID_TOKEN", errorCode(start));
    }

    @Test
    void anExpiredTokenIs401() {
        String token = host.adminToken();
        host.clock().advance(Duration.ofHours(8).plusSeconds(1));
        assertRefused("TOKEN_EXPIRED", token);
        assertEquals(200, host.get("/api/auth/me", host.adminToken()).code());
    }

    @Test
    void logoutRevokesTheTokenOnly() {
        String first = host.adminToken();
        String second = host.adminToken();
        assertEquals(204, host.post("/api/auth/logout", "", first).code());
        assertRefused("TOKEN_REVOKED", first);
        assertError(401, "TOKEN_REVOKED", host.post("/api/auth/logout", "", first));
        assertEquals(200, host.get("/api/auth/me", second).code());
        assertError(401, "AUTHENTICATION_REQUIRED", host.post("/api/auth/logout", "", null));
    }

    @Test
    void logoutEndsTheCallersGlobalSessionsInEveryApp() {
        String admin = host.adminToken();
        expect(201, host.post("/api/apps", "{\"id\": \"logout-shop\"}", admin));
        host.createUser("lou", "user");
        String lou = host.login("lou", TestHost.password("lou"));
        String other = host.login("lou", TestHost.password("lou"));
        String set = "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":[{\"name\":\"cart\",\"dataType\":\"STRING\","
                + "\"value\":\"c-1\"}]}}";
        String get = "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":[{\"name\":\"cart\"}]}}";
        for (String app : List.of("default", "logout-shop")) {
            expect(200, host.call(app, "session.set-parameters", set, lou));
            assertEquals("c-1", json(host.call(app, "session.get-parameters", get, other)).path("output")
                    .path("cart").asText());
        }

        assertEquals(204, host.post("/api/auth/logout", "", lou).code());

        assertRefused("TOKEN_REVOKED", lou);
        for (String app : List.of("default", "logout-shop")) {
            JsonNode output = json(expect(200, host.call(app, "session.get-parameters", get, other))).path("output");
            assertTrue(output.path("cart").isMissingNode(), app + " still holds " + output);
        }
    }

    @Test
    void theTokenOfADeletedUserIs401() {
        String userId = host.createUser("dee", "builder");
        String dee = host.login("dee", TestHost.password("dee"));
        assertEquals(200, host.get("/api/auth/me", dee).code());
        assertEquals(204, host.delete("/api/users/" + userId, host.adminToken()).code());
        assertRefused("UNKNOWN_USER", dee);
    }

    private static void assertRefused(String code, String token) {
        assertError(401, code, host.get("/api/auth/me", token));
    }

}

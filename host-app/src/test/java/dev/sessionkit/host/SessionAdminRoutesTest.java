package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Session administration: list, inspect, end; log a user out everywhere; erase a user's session data. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionAdminRoutesTest {
    @RegisterExtension
    final TestHost host = TestHost.perClass(this::hostSettings);

    /** @param config this class's host settings: the embedded store here; the variant on Redis adds its URL */
    void hostSettings(HostConfig config) {
    }
    String admin;

    @BeforeAll
    void start() {
        admin = host.adminToken();
        expect(201, host.post("/api/apps", "{\"id\": \"shop\"}", admin));
    }

    private String signIn(String username) {
        host.createUser(username, "user");
        return host.login(username, TestHost.password(username));
    }

    private void setGlobal(String app, String token, String parameters) {
        expect(200, host.call(app, "session.set-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": " + parameters + "}}", token));
    }

    private JsonNode sessionsOf(String query) {
        return json(expect(200, host.get("/api/apps/shop/sessions" + query, admin)));
    }

    private String globalSessionId(String userToken) {
        String userId = json(expect(200, host.get("/api/auth/me", userToken))).path("id").asText();
        return "global:" + userId;
    }

    @Test
    void listsTheAppsLiveSessionsWithOwnersAndWithoutTokens() {
        String cleo = signIn("cleo");
        setGlobal("shop", cleo, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 3}]");
        JsonNode started = json(expect(200, host.call("shop", "session.start",
                "{\"inputs\": {\"name\": \"settings\", \"ttlSeconds\": 600}}", admin))).path("output");

        JsonNode answer = sessionsOf("");
        assertEquals("shop", answer.path("appId").asText());
        JsonNode global = find(answer, globalSessionId(cleo));
        assertEquals("GLOBAL", global.path("scope").asText());
        assertEquals("cleo", global.path("owner").path("username").asText());
        assertEquals(3, global.path("keyCount").asInt()); // cart, username, roleId
        JsonNode shared = answer.path("sessions").findParents("name").stream()
                .filter(node -> "settings".equals(node.path("name").asText())).findFirst().orElseThrow();
        assertEquals("SHARED", shared.path("scope").asText());
        assertEquals(600, shared.path("expiry").path("ttlSeconds").asInt());
        assertFalse(answer.toString().contains(started.path("token").asText()), "a token is shown");

        JsonNode onlyCleo = sessionsOf("?userId=" + global.path("owner").path("id").asText());
        assertEquals(1, onlyCleo.path("total").asInt());
        assertEquals(texts(sessionsOf("?scope=shared").path("sessions"), "scope").stream().distinct().toList(),
                java.util.List.of("SHARED"));
        assertEquals(1, sessionsOf("?limit=1").path("sessions").size());
    }

    @Test
    void inspectShowsValuesWithSecretsRedacted() {
        String dora = signIn("dora");
        setGlobal("shop", dora, "[{\"name\": \"card\", \"dataType\": \"STRING\", \"value\": \"4111-1111\", "
                + "\"secret\": true}, {\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 2}]");

        JsonNode session = json(expect(200, host.get("/api/apps/shop/sessions/" + globalSessionId(dora), admin)));
        assertEquals(2, session.path("values").path("cart").asInt());
        assertEquals("***", session.path("values").path("card").asText());
        assertEquals("dora", session.path("values").path("username").asText());
        assertFalse(session.toString().contains("4111"), "a secret value is shown");
    }

    @Test
    void endingASessionDeletesItsDataAndKeepsOthers() {
        String emil = signIn("emil");
        String fay = signIn("fay");
        setGlobal("shop", emil, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 1}]");
        setGlobal("shop", fay, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 2}]");

        expect(204, host.delete("/api/apps/shop/sessions/" + globalSessionId(emil), admin));
        assertError(404, "SESSION_NOT_FOUND",
                host.delete("/api/apps/shop/sessions/" + globalSessionId(emil), admin));
        assertError(404, "SESSION_NOT_FOUND", host.get("/api/apps/shop/sessions/" + globalSessionId(emil), admin));
        assertEquals(2, json(expect(200, host.get("/api/apps/shop/sessions/" + globalSessionId(fay), admin)))
                .path("values").path("cart").asInt());
    }

    @Test
    void logoutEverywhereRevokesEveryTokenOfTheUserAndEndsTheirSessionsInEveryApp() {
        String gus = signIn("gus");
        String gusOnAnotherDevice = host.login("gus", TestHost.password("gus"));
        setGlobal("shop", gus, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 1}]");
        setGlobal("default", gus, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 1}]");
        String gusId = json(expect(200, host.get("/api/auth/me", gus))).path("id").asText();
        String other = signIn("hal");

        JsonNode answer = json(expect(200, host.post("/api/users/" + gusId + "/logout-everywhere", "", admin)));
        assertEquals(2, answer.path("sessionsEnded").asInt());
        assertError(401, "TOKEN_REVOKED", host.get("/api/auth/me", gus));
        assertError(401, "TOKEN_REVOKED", host.get("/api/auth/me", gusOnAnotherDevice));
        expect(200, host.get("/api/auth/me", other));
        assertEquals(0, sessionsOf("?userId=" + gusId).path("total").asInt());

        host.clock().advance(Duration.ofSeconds(1));
        String again = host.login("gus", TestHost.password("gus"));
        expect(200, host.get("/api/auth/me", again));
    }

    @Test
    void aSignInAfterLogoutEverywhereWorksEvenInTheSameSecond() {
        String ivy = signIn("ivy");
        String ivyId = json(expect(200, host.get("/api/auth/me", ivy))).path("id").asText();
        host.clock().advance(Duration.ofMillis(1_000 - host.clock().millis() % 1_000)); // at a whole second
        host.clock().advance(Duration.ofMillis(100));
        String before = host.login("ivy", TestHost.password("ivy"));
        host.clock().advance(Duration.ofMillis(200));
        expect(200, host.post("/api/users/" + ivyId + "/logout-everywhere", "", admin));
        host.clock().advance(Duration.ofMillis(300));
        String after = host.login("ivy", TestHost.password("ivy"));

        assertError(401, "TOKEN_REVOKED", host.get("/api/auth/me", ivy));
        assertError(401, "TOKEN_REVOKED", host.get("/api/auth/me", before)); // issued 200 ms before the cutoff
        expect(200, host.get("/api/auth/me", after));
    }

    @Test
    void logoutEverywhereSurvivesARestart(@TempDir Path dataDir) {
        String before;
        String userId;
        TestHost first = TestHost.start(dataDir);
        try {
            userId = first.createUser("kim", "user");
            before = first.login("kim", TestHost.password("kim"));
            expect(200, first.post("/api/users/" + userId + "/logout-everywhere", "", first.adminToken()));
        } finally {
            first.close();
        }
        try (TestHost second = first.restart()) {
            assertError(401, "TOKEN_REVOKED", second.get("/api/auth/me", before));
            second.clock().advance(Duration.ofSeconds(1));
            expect(200, second.get("/api/auth/me", second.login("kim", TestHost.password("kim"))));
        }
    }

    @Test
    void erasingAUsersDataEndsTheirSessionsButKeepsThemSignedIn() {
        String ida = signIn("ida");
        setGlobal("shop", ida, "[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 1}]");
        String idaId = json(expect(200, host.get("/api/auth/me", ida))).path("id").asText();

        assertEquals(1, json(expect(200, host.delete("/api/users/" + idaId + "/sessions", admin)))
                .path("sessionsEnded").asInt());
        expect(200, host.get("/api/auth/me", ida));
        assertTrue(json(expect(200, host.call("shop", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"cart\"}]}}", ida)))
                .path("output").isEmpty());
    }

    @Test
    void refusesOtherRolesUnknownThingsAndBadFilters() {
        String builder = host.createUser("jo", "builder");
        String jo = host.login("jo", TestHost.password("jo"));
        assertError(403, "FORBIDDEN", host.get("/api/apps/shop/sessions", jo));
        assertError(401, "AUTHENTICATION_REQUIRED", host.get("/api/apps/shop/sessions", null));
        assertError(403, "FORBIDDEN", host.post("/api/users/" + builder + "/logout-everywhere", "", jo));
        assertError(404, "APP_NOT_FOUND", host.get("/api/apps/nope/sessions", admin));
        assertError(404, "USER_NOT_FOUND", host.post("/api/users/nobody/logout-everywhere", "", admin));
        assertError(404, "USER_NOT_FOUND", host.delete("/api/users/nobody/sessions", admin));
        assertError(400, "INVALID_QUERY", host.get("/api/apps/shop/sessions?scope=PERSONAL", admin));
        assertError(400, "INVALID_QUERY", host.get("/api/apps/shop/sessions?limit=0", admin));
        assertError(400, "INVALID_QUERY", host.get("/api/apps/shop/sessions?limit=lots", admin));
    }

    private JsonNode find(JsonNode answer, String sessionId) {
        for (JsonNode session : answer.path("sessions")) {
            if (sessionId.equals(session.path("id").asText())) return session;
        }
        throw new AssertionError("no session " + sessionId + " in " + answer);
    }
}

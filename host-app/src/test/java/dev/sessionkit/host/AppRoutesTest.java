package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppRoutesTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();
    static String builder;
    static String user;

    @BeforeAll
    static void start() {
        host.createUser("bob", "builder");
        host.createUser("uma", "user");
        builder = host.login("bob", TestHost.password("bob"));
        user = host.login("uma", TestHost.password("uma"));
    }


    @Test
    void buildersCreateGetListAndDeleteApps() throws Exception {
        JsonNode created = json(expect(201, host.post("/api/apps", """
                {"id": "shop", "name": "Shop", "sessionIdleTimeoutSeconds": 600,
                 "flows": [{"id": "add-item", "trigger": {"method": "POST", "path": "/cart/items"}, "steps": []}]}""", builder)));
        assertEquals("shop", created.path("id").asText());
        assertEquals("Shop", created.path("name").asText());
        assertEquals(1, created.path("version").asInt());
        assertEquals(600, created.path("sessionIdleTimeoutSeconds").asInt());
        assertEquals("add-item", created.path("flows").path(0).path("id").asText());
        assertEquals(host.clock().instant().toString(), created.path("createdAt").asText());
        assertTrue(Files.exists(host.dataDir().resolve("apps/shop.json")));

        assertEquals(created, json(expect(200, host.get("/api/apps/shop", user))));
        assertTrue(texts(json(expect(200, host.get("/api/apps", user))), "id").containsAll(List.of("default", "shop")));

        expect(204, host.delete("/api/apps/shop", builder));
        assertFalse(Files.exists(host.dataDir().resolve("apps/shop.json")));
        assertError(404, "APP_NOT_FOUND", host.get("/api/apps/shop", user));
        assertError(404, "APP_NOT_FOUND", host.delete("/api/apps/shop", builder));
    }

    @Test
    void putReplacesNameAndFlowsOnlyAtTheVersionRead() {
        expect(201, host.post("/api/apps", "{\"id\": \"edited\", \"name\": \"Edited\"}", builder));
        JsonNode updated = json(expect(200, put("/api/apps/edited", """
                {"version": 1, "name": "Renamed", "flows": [{"id": "f", "steps": [],
                  "trigger": {"method": "POST", "path": "/f", "auth": "NONE"}}]}""", builder)));
        assertEquals(2, updated.path("version").asInt());
        assertEquals("Renamed", updated.path("name").asText());
        assertEquals("f", updated.path("flows").path(0).path("id").asText());

        assertError(409, "VERSION_CONFLICT", put("/api/apps/edited", "{\"version\": 1, \"name\": \"Late\", "
                + "\"flows\": []}", builder));
        assertError(400, "INVALID_INPUT", put("/api/apps/edited", "{\"name\": \"No version\", \"flows\": []}",
                builder));
        assertError(403, "FORBIDDEN", put("/api/apps/edited", "{\"version\": 2}", user));
        assertError(404, "APP_NOT_FOUND", put("/api/apps/nothing", "{\"version\": 1}", builder));
        JsonNode kept = json(expect(200, host.get("/api/apps/edited", user)));
        assertEquals("Renamed", kept.path("name").asText());
        assertEquals("f", kept.path("flows").path(0).path("id").asText());
    }

    @Test
    void deletingAnAppEndsItsSessionsSoARecreatedAppStartsEmpty() {
        expect(201, host.post("/api/apps", "{\"id\": \"short-lived\"}", builder));
        String shared = "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"cfg\", \"parameters\": "
                + "[{\"name\": \"a\", \"dataType\": \"STRING\", \"value\": \"old app data\"}]}}";
        expect(200, host.call("short-lived", "session.start", "{\"inputs\": {\"name\": \"cfg\"}}", builder));
        expect(200, host.call("short-lived", "session.set-parameters", shared, builder));
        expect(200, host.call("short-lived", "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                + "\"parameters\": [{\"name\": \"g\", \"dataType\": \"STRING\", \"value\": \"x\"}]}}", user));
        expect(204, host.delete("/api/apps/short-lived", builder));

        expect(201, host.post("/api/apps", "{\"id\": \"short-lived\"}", builder));
        assertEquals(0, json(expect(200, host.get("/api/apps/short-lived/sessions", host.adminToken())))
                .path("total").asInt());
        expect(404, host.call("short-lived", "session.set-parameters", shared, builder));
        assertEquals("{}", json(expect(200, host.call("short-lived", "session.get-parameters", "{\"inputs\": "
                + "{\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"g\"}]}}", user))).path("output")
                .toString());
    }

    private static Response put(String path, String body, String token) {
        return host.send(path, request -> request.header("Authorization", "Bearer " + token),
                request -> request.put(BodyPublishers.ofString(body)));
    }

    @Test
    void theNameDefaultsToTheIdAndTheTimeoutToTheHosts() {
        JsonNode created = json(expect(201, host.post("/api/apps", "{\"id\": \"plain\"}", host.adminToken())));
        assertEquals("plain", created.path("name").asText());
        assertTrue(created.path("sessionIdleTimeoutSeconds").isMissingNode());
        assertEquals(0, created.path("flows").size());
    }

    @Test
    void invalidAppsAre400AndDuplicates409() {
        expect(201, host.post("/api/apps", "{\"id\": \"dup\"}", builder));
        assertError(409, "APP_EXISTS", host.post("/api/apps", "{\"id\": \"dup\"}", builder));
        for (String id : List.of("Shop", "-shop", "a/b", "x".repeat(64), "")) {
            assertError(400, "INVALID_APP_ID", host.post("/api/apps", "{\"id\": " + TestHost.quote(id) + "}", builder));
        }
        assertError(400, "INVALID_INPUT", host.post("/api/apps", "{\"name\": \"x\"}", builder));
        assertError(400, "INVALID_IDLE_TIMEOUT", host.post("/api/apps",
                "{\"id\": \"t\", \"sessionIdleTimeoutSeconds\": 0}", builder));
        assertError(400, "INVALID_FLOWS", host.post("/api/apps",
                "{\"id\": \"t\", \"flows\": {}}", builder));
        assertError(400, "INVALID_FLOWS", host.post("/api/apps",
                "{\"id\": \"t\", \"flows\": [1]}", builder));
        assertError(400, "INVALID_APP_NAME", host.post("/api/apps",
                "{\"id\": \"t\", \"name\": \" \"}", builder));
        assertError(400, "UNKNOWN_FIELD", host.post("/api/apps",
                "{\"id\": \"t\", \"flow\": []}", builder));
    }

    @Test
    void usersReadButOnlyBuildersAndAdminsWrite() {
        assertError(403, "FORBIDDEN", host.post("/api/apps", "{\"id\": \"mine\"}", user));
        assertError(403, "FORBIDDEN", host.delete("/api/apps/default", user));
        for (String path : List.of("/api/apps", "/api/apps/default")) {
            assertError(401, "AUTHENTICATION_REQUIRED", host.get(path, null));
        }
        assertError(401, "AUTHENTICATION_REQUIRED", host.post("/api/apps", "{}", null));
        assertError(401, "AUTHENTICATION_REQUIRED", host.delete("/api/apps/default", null));
    }

}

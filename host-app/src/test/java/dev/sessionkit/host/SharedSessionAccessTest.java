package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SHARED sessions are app state: on direct method calls reading one needs a signed-in caller and changing one needs a
 * builder or an admin; inside a flow the flow's steps decide, and the editor is warned about anonymous flows that
 * write one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSessionAccessTest {
    private static final String READ = "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"settings\", "
            + "\"parameters\": [{\"name\": \"apiKey\"}]}}";
    private static final String WRITE = "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"settings\", "
            + "\"parameters\": [{\"name\": \"apiKey\", \"dataType\": \"STRING\", \"value\": \"stolen\"}]}}";
    private static final String BY_NAME = "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"settings\"}}";

    @RegisterExtension
    final TestHost host = TestHost.perClass(this::hostSettings);

    String admin;
    String builder;
    String user;

    /** @param config this class's host settings: the embedded store here; the variant on Redis adds its URL */
    void hostSettings(HostConfig config) {
    }

    @BeforeAll
    void start() {
        admin = host.adminToken();
        builder = host.signUp("bea", "builder");
        user = host.signUp("uma", "user");
    }

    /** A fresh app with the SHARED session 'settings' holding the secret apiKey, started by a builder. */
    private String appWithSettings(String appId) {
        expect(201, host.post("/api/apps", "{\"id\": \"" + appId + "\"}", admin));
        String token = json(expect(200, host.call(appId, "session.start", "{\"inputs\": {\"name\": \"settings\"}}",
                builder))).path("output").path("token").asText();
        expect(200, host.call(appId, "session.set-parameters", "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": "
                + "\"settings\", \"parameters\": [{\"name\": \"apiKey\", \"dataType\": \"STRING\", \"value\": "
                + "\"k-123\", \"secret\": true}]}}", builder));
        return token;
    }

    private String apiKey(String appId) {
        return json(expect(200, host.call(appId, "session.get-parameters", READ, admin))).path("output")
                .path("apiKey").asText();
    }

    @Test
    void anAnonymousDirectCallCanNeitherReadNorChangeASharedSession() {
        String token = appWithSettings("anon");
        String byToken = "{\"inputs\": {\"scope\": \"TOKEN\", \"token\": \"" + token + "\"";
        for (String method : List.of("session.get-parameters", "session.exists", "session.info")) {
            Response refused = host.call("anon", method, method.equals("session.get-parameters") ? READ : BY_NAME,
                    null);
            assertError(401, "AUTHENTICATION_REQUIRED", refused);
            assertEquals(List.of("Bearer"), refused.headers().get("WWW-Authenticate"));
            assertEquals("settings", json(refused).path("error").path("details").path("sessionName").asText());
        }
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("anon", "session.get-parameters",
                byToken + ", \"parameters\": [{\"name\": \"apiKey\"}]}}", null));
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("anon", "session.open",
                "{\"inputs\": {\"sessionName\": \"settings\"}}", null));
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("anon", "session.set-parameters", WRITE, null));
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("anon", "session.set-parameters", byToken
                + ", \"parameters\": [{\"name\": \"apiKey\", \"dataType\": \"STRING\", \"value\": \"x\"}]}}", null));
        for (String method : List.of("session.clear", "session.touch", "session.end", "session.delete-parameters")) {
            String body = method.equals("session.delete-parameters")
                    ? "{\"inputs\": {\"scope\": \"SHARED\", \"sessionName\": \"settings\", \"names\": [\"apiKey\"]}}"
                    : BY_NAME;
            Response refused = host.call("anon", method, body, null);
            assertError(401, "AUTHENTICATION_REQUIRED", refused);
            assertEquals(List.of("builder", "admin"), List.of(json(refused).path("error").path("details")
                    .path("requiredRoles").get(0).asText(), json(refused).path("error").path("details")
                    .path("requiredRoles").get(1).asText()));
        }
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("anon", "session.end", byToken + "}}", null));

        assertEquals("k-123", apiKey("anon"), "nothing refused changed the session");
    }

    @Test
    void anAnonymousCallerCannotSquatTheNameOfASharedSession() {
        expect(201, host.post("/api/apps", "{\"id\": \"squat\"}", admin));
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("squat", "session.start",
                "{\"inputs\": {\"name\": \"settings\"}}", null));
        expect(200, host.call("squat", "session.start", "{\"inputs\": {\"name\": \"settings\"}}", admin));
    }

    @Test
    void aSignedInUserReadsButOnlyABuilderOrAnAdminChanges() {
        appWithSettings("roles");
        assertEquals("k-123", json(expect(200, host.call("roles", "session.get-parameters", READ, user)))
                .path("output").path("apiKey").asText());
        expect(200, host.call("roles", "session.open", "{\"inputs\": {\"sessionName\": \"settings\"}}", user));

        Response refused = host.call("roles", "session.set-parameters", WRITE, user);
        assertError(403, "SHARED_SESSION_FORBIDDEN", refused);
        JsonNode details = json(refused).path("error").path("details");
        assertEquals("user", details.path("role").asText());
        assertEquals("[\"builder\",\"admin\"]", details.path("requiredRoles").toString());
        assertEquals("write", details.path("operation").asText());
        assertTrue(json(refused).path("error").path("message").asText().contains("builder or admin"));
        assertError(403, "SHARED_SESSION_FORBIDDEN", host.call("roles", "session.end", BY_NAME, user));
        assertError(403, "SHARED_SESSION_FORBIDDEN", host.call("roles", "session.start",
                "{\"inputs\": {\"name\": \"other\"}}", user));
        assertEquals("k-123", apiKey("roles"));

        expect(200, host.call("roles", "session.set-parameters", WRITE, builder));
        assertEquals("stolen", apiKey("roles"));
        expect(200, host.call("roles", "session.touch", BY_NAME, admin));
        expect(200, host.call("roles", "session.end", BY_NAME, admin));
    }

    @Test
    void aTokenSessionStaysOpenToAnonymousCallers() {
        expect(201, host.post("/api/apps", "{\"id\": \"basket\"}", admin));
        String token = json(expect(200, host.call("basket", "session.start", "{}", null))).path("output")
                .path("token").asText();
        String byToken = "{\"inputs\": {\"scope\": \"TOKEN\", \"token\": \"" + token + "\"";
        expect(200, host.call("basket", "session.set-parameters", byToken + ", \"parameters\": [{\"name\": \"sku\", "
                + "\"dataType\": \"STRING\", \"value\": \"A-1\"}]}}", null));
        assertEquals("A-1", json(expect(200, host.call("basket", "session.get-parameters", byToken
                + ", \"parameters\": [{\"name\": \"sku\"}]}}", null))).path("output").path("sku").asText());
        expect(200, host.call("basket", "session.end", byToken + "}}", null));
    }

    @Test
    void insideAFlowTheStepsDecideAndTheAnswerWarnsAboutAnAnonymousWrite() {
        String app = """
                {"id": "lobby", "flows": [
                  {"id": "visit", "trigger": {"type": "REST", "method": "POST", "path": "/visit", "auth": "NONE"},
                   "steps": [{"id": "remember", "method": "session.set-parameters", "input": {"scope": "SHARED",
                     "sessionName": "settings", "parameters": [{"name": "last", "dataType": "STRING",
                     "valueType": "EXPRESSION", "value": "{{ message.who }}"}]}}]},
                  {"id": "open", "trigger": {"type": "REST", "method": "POST", "path": "/open", "auth": "NONE"},
                   "steps": [{"id": "each", "type": "for-each", "items": "{{ message.names }}", "steps": [
                     {"id": "begin", "method": "session.start", "input": {"name": {"valueType": "EXPRESSION",
                      "value": "{{ item }}"}}}]}]},
                  {"id": "admin", "trigger": {"type": "REST", "method": "POST", "path": "/admin", "auth": "JWT"},
                   "steps": [{"id": "wipe", "method": "session.clear", "input": {"scope": "SHARED",
                     "sessionName": "settings"}}]},
                  {"id": "read", "trigger": {"type": "REST", "method": "GET", "path": "/read", "auth": "NONE"},
                   "steps": [{"id": "get", "method": "session.get-parameters", "input": {"scope": "SHARED",
                     "sessionName": "settings", "parameters": [{"name": "last"}]}, "output": {"target": "s"}}]}]}""";
        JsonNode created = json(expect(201, host.post("/api/apps", app, builder)));
        JsonNode warnings = created.path("warnings");
        assertEquals(2, warnings.size(), warnings.toString());
        assertEquals("ANONYMOUS_SHARED_WRITE", warnings.path(0).path("code").asText());
        assertEquals("visit", warnings.path(0).path("flowId").asText());
        assertEquals("remember", warnings.path(0).path("stepId").asText());
        assertEquals("input.scope", warnings.path(0).path("field").asText());
        assertTrue(warnings.path(0).path("message").asText().contains("runs for anyone"));
        assertEquals("begin", warnings.path(1).path("stepId").asText(), "nested, with an expression as name");
        assertEquals("input.name", warnings.path(1).path("field").asText());
        assertEquals(warnings, json(expect(200, host.get("/api/apps/lobby", user))).path("warnings"));

        expect(200, host.call("lobby", "session.start", "{\"inputs\": {\"name\": \"settings\"}}", builder));
        expect(200, host.post("/run/lobby/visit", "{\"who\": \"anon\"}", null));
        assertEquals("anon", json(expect(200, host.get("/run/lobby/read", null))).path("s").path("last").asText());

        // The answer goes back as it is (warnings are ignored); a JWT trigger clears the warning.
        JsonNode edited = created.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) edited.path("flows").path(0).path("trigger"))
                .put("auth", "JWT");
        JsonNode saved = json(expect(200, host.put("/api/apps/lobby", edited.toString(), builder)));
        assertEquals(1, saved.path("warnings").size(), saved.path("warnings").toString());
        assertEquals("begin", saved.path("warnings").path(0).path("stepId").asText());
    }

    @Test
    void theIdentityOfAGlobalSessionIsReadOnlyOnEveryPath() {
        expect(201, host.post("/api/apps", """
                {"id": "portal", "flows": [{"id": "promote", "trigger": {"type": "REST", "method": "POST",
                  "path": "/promote", "auth": "JWT"},
                  "steps": [{"id": "echo", "method": "session.get-userid", "input": {},
                             "output": {"scope": "GLOBAL", "name": "roleId"}}]}]}""", admin));
        Response direct = host.call("portal", "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                + "\"parameters\": [{\"name\": \"roleId\", \"dataType\": \"STRING\", \"value\": \"admin\"}]}}", user);
        assertError(400, "RESERVED_PARAMETER", direct);
        assertEquals("roleId", json(direct).path("error").path("details").path("parameter").asText());
        assertError(400, "RESERVED_PARAMETER", host.call("portal", "session.manage", "{\"inputs\": {\"operation\": "
                + "\"PUT_DATA\", \"sessionType\": \"GLOBAL\", \"fields\": [\"username\"]}, \"message\": "
                + "{\"username\": \"root\"}}", user));
        assertError(400, "RESERVED_PARAMETER", host.call("portal", "session.delete-parameters", "{\"inputs\": "
                + "{\"scope\": \"GLOBAL\", \"names\": [\"roleId\"]}}", user));
        Response flow = host.post("/run/portal/promote", "{}", user);
        assertError(400, "RESERVED_PARAMETER", flow);
        assertEquals("echo", json(flow).path("error").path("details").path("stepId").asText());

        expect(200, host.call("portal", "session.set-parameters", "{\"inputs\": {\"scope\": \"GLOBAL\", "
                + "\"parameters\": [{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 3}]}}", user));
        assertEquals(1, json(expect(200, host.call("portal", "session.clear", "{\"inputs\": {\"scope\": "
                + "\"GLOBAL\"}}", user))).path("output").path("deleted").asInt());
        JsonNode identity = json(expect(200, host.call("portal", "session.get-parameters", "{\"inputs\": {\"scope\": "
                + "\"GLOBAL\", \"parameters\": [{\"name\": \"username\"}, {\"name\": \"roleId\"}]}}", user)))
                .path("output");
        assertEquals("uma", identity.path("username").asText());
        assertEquals("user", identity.path("roleId").asText());
    }
}

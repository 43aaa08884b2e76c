package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's test panel: test runs as a chosen user, traces with secrets redacted, the last executions. */
class FlowTestRouteTest {
    @TempDir
    static Path dataDir;
    static TestHost host;
    static String builder;
    static String user;
    static String adaId;

    @BeforeAll
    static void start() {
        host = TestHost.startWithTestPlugin(dataDir);
        builder = host.signUp("bob", "builder");
        user = host.signUp("uma", "user");
        adaId = host.createUser("ada", "user");
        host.createApp("""
                {"id": "panel", "flows": [
                  {"id": "login-data", "trigger": {"method": "POST", "path": "/keys"}, "steps": [
                    {"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "apiKey", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.key }}",
                       "secret": true},
                      {"name": "who", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ user.username }}"}]}},
                    {"id": "remember", "method": "session.set-parameters", "input": {"scope": "GLOBAL", "parameters": [
                      {"name": "visits", "dataType": "INTEGER", "value": 1}]}},
                    {"id": "read-back", "method": "session.get-parameters", "input": {"parameters": [
                      {"name": "apiKey"}, {"name": "who"}]}, "output": {"name": "readBack"}},
                    {"id": "echo", "method": "test.value",
                     "input": {"value": {"valueType": "EXPRESSION", "value": "{{ request.headers.x-tenant }}/{{ request.query.page }}"}},
                     "output": {"target": "echo"}},
                    {"id": "fail-if-asked", "type": "for-each", "items": "{{ message.boom }}", "steps": [
                      {"id": "explode", "method": "test.explode"}]}]}]}""");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void aTestRunAnswersTheResponseTheTraceAndTheSessions() {
        JsonNode run = json(expect(200, host.post("/api/apps/panel/flows/login-data/test", """
                {"message": {"key": "k-123"}, "asUser": "%s", "headers": {"X-Tenant": "acme"}, "query": {"page": "2"}}"""
                .formatted(adaId), host.adminToken())));
        assertEquals(200, run.path("status").asInt());
        assertEquals("acme/2", run.path("response").path("echo").asText());
        assertEquals(adaId, run.path("userId").asText());

        JsonNode trace = run.path("trace");
        assertEquals("keep", trace.path(0).path("stepId").asText());
        assertEquals("session.set-parameters", trace.path(0).path("method").asText());
        assertEquals("***", trace.path(0).path("input").path("parameters").path(0).path("value").asText());
        assertEquals("ada", trace.path(0).path("input").path("parameters").path(1).path("value").asText(),
                "the trace shows the resolved input");
        assertEquals("***", trace.path(0).path("output").path("apiKey").asText());
        assertTrue(trace.path(0).path("durationMs").isNumber());
        assertTrue(trace.path(0).path("error").isNull());
        assertEquals("read-back", trace.path(2).path("stepId").asText());
        assertEquals("***", trace.path(2).path("output").path("apiKey").asText(), "a secret read back is hidden too");
        assertEquals("ada", trace.path(2).path("output").path("who").asText());

        assertEquals("***", run.path("session").path("local").path("apiKey").asText());
        assertEquals("***", run.path("session").path("local").path("readBack").asText(),
                "a variable keeping a secret read back is secret too");
        assertEquals("ada", run.path("session").path("local").path("who").asText());
        assertEquals("ada", run.path("session").path("global").path("username").asText());
        assertEquals(1, run.path("session").path("global").path("visits").asInt());
        assertFalse(run.path("trace").toString().contains("k-123"), "the secret appears in no trace entry");
        assertFalse(run.path("session").toString().contains("k-123"), "nor in the sessions shown");
        assertEquals("***", run.path("response").path("key").asText(),
                "nor in the response shown, where the message carried it");
        assertFalse(run.toString().contains("k-123"), "nowhere in what the test panel shows");
    }

    @Test
    void aFailingTestRunReportsTheErrorInsideA200() {
        JsonNode run = json(expect(200, host.post("/api/apps/panel/flows/login-data/test",
                "{\"message\": {\"key\": \"k\", \"boom\": [1]}}", builder)));
        assertEquals(500, run.path("status").asInt());
        assertEquals("METHOD_FAILED", run.path("response").path("error").path("code").asText());
        JsonNode failing = run.path("trace").path(4);
        assertEquals("explode", failing.path("stepId").asText());
        assertEquals("fail-if-asked[0].explode", failing.path("path").asText());
        assertEquals(500, failing.path("error").path("status").asInt());
        assertEquals("fail-if-asked", run.path("trace").path(5).path("stepId").asText());
        assertEquals("bob", run.path("session").path("global").path("username").asText(), "runs as the caller");
    }

    @Test
    void onlyAdminsAndBuildersTestAndReadExecutions() {
        assertError(403, "FORBIDDEN", host.post("/api/apps/panel/flows/login-data/test", "{}", user));
        assertError(403, "FORBIDDEN", host.get("/api/apps/panel/flows/login-data/executions", user));
        assertError(404, "FLOW_NOT_FOUND", host.post("/api/apps/panel/flows/nope/test", "{}", builder));
        assertError(404, "USER_NOT_FOUND", host.post("/api/apps/panel/flows/login-data/test",
                "{\"asUser\": \"nobody\"}", host.adminToken()));
        // Another user's GLOBAL session is theirs: only an admin runs a flow as someone else.
        assertError(403, "AS_USER_NEEDS_ADMIN", host.post("/api/apps/panel/flows/login-data/test",
                "{\"asUser\": \"%s\"}".formatted(adaId), builder));
        assertError(400, "INVALID_MESSAGE", host.post("/api/apps/panel/flows/login-data/test",
                "{\"message\": [1]}", builder));
    }

    @Test
    void theLastExecutionsOfAFlowAreKeptNewestFirst() {
        String last = null;
        for (int i = 0; i < 25; i++) {
            var response = expect(200, host.post("/run/panel/keys", "{\"key\": \"secret-" + i + "\"}", user));
            assertEquals("secret-" + i, json(response).path("key").asText(), "the caller gets the real response");
            last = response.headers().get("X-Execution-Id").get(0);
        }
        String admin = host.adminToken();
        JsonNode one = json(expect(200, host.get("/api/apps/panel/flows/login-data/executions/" + last, admin)));
        assertEquals(last, one.path("executionId").asText());
        assertEquals(5, one.path("trace").size());
        assertError(404, "EXECUTION_NOT_FOUND", host.get("/api/apps/panel/flows/login-data/executions/nope",
                builder));
        assertError(403, "FORBIDDEN", host.get("/api/apps/panel/flows/login-data/executions/" + last, user));
        JsonNode executions = json(expect(200, host.get("/api/apps/panel/flows/login-data/executions", admin)));
        assertEquals(20, executions.size());
        assertEquals(last, executions.path(0).path("executionId").asText());
        assertEquals(200, executions.path(0).path("status").asInt());
        assertEquals("uma", executions.path(0).path("trace").path(0).path("output").path("who").asText());
        executions.forEach(execution -> assertFalse(execution.toString().contains("secret-"),
                "secrets are redacted in the history's traces and responses too"));
        assertTrue(executions.path(0).path("session").isMissingNode());
    }

    @Test
    void aDeletedAppsOrRemovedFlowsExecutionsAreNotShownForOnesCreatedLaterWithTheSameId() {
        String app = """
                {"id": "short-lived", "flows": [
                  {"id": "ping", "trigger": {"method": "POST", "path": "/ping"}, "steps": []},
                  {"id": "pong", "trigger": {"method": "POST", "path": "/pong"}, "steps": []}]}""";
        host.createApp(app);
        expect(200, host.post("/run/short-lived/ping", "{}", user));
        expect(200, host.post("/run/short-lived/pong", "{}", user));
        assertEquals(1, json(expect(200, host.get("/api/apps/short-lived/flows/ping/executions", builder))).size());

        expect(200, host.put("/api/apps/short-lived", """
                {"version": 1, "name": "short-lived", "flows": [
                  {"id": "ping", "trigger": {"method": "POST", "path": "/ping"}, "steps": []}]}""", builder));
        expect(200, host.put("/api/apps/short-lived", app.replace("\"id\": \"short-lived\",",
                "\"version\": 2, \"name\": \"short-lived\","), builder));
        assertEquals(0, json(expect(200, host.get("/api/apps/short-lived/flows/pong/executions", builder))).size(),
                "a flow removed and added again starts without history");
        assertEquals(1, json(expect(200, host.get("/api/apps/short-lived/flows/ping/executions", builder))).size(),
                "a flow the update kept keeps its history");

        expect(204, host.delete("/api/apps/short-lived", builder));
        host.createApp(app);
        assertEquals(0, json(expect(200, host.get("/api/apps/short-lived/flows/ping/executions", builder))).size(),
                "an app created again with the same id starts without history");
    }

    @Test
    void aSecretReadByAnExpressionOrShownInAnErrorIsHiddenFromTheHistory() {
        host.createApp("""
                {"id": "vault", "flows": [
                  {"id": "store-key", "trigger": {"method": "POST", "path": "/key"}, "steps": [
                    {"id": "keep", "method": "session.set-parameters", "input": {"scope": "GLOBAL", "parameters": [
                      {"name": "apiKey", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.key }}",
                       "secret": true}]}},
                    {"id": "forget", "method": "test.value", "input": {"value": "stored"}, "output": {"target": "key"}}]},
                  {"id": "use-key", "trigger": {"method": "POST", "path": "/use"}, "steps": [
                    {"id": "header", "method": "test.value",
                     "input": {"value": {"valueType": "EXPRESSION", "value": "Bearer {{ session.global.apiKey }}"}},
                     "output": {"target": "auth"}}]},
                  {"id": "open", "trigger": {"method": "POST", "path": "/open", "auth": "NONE"}, "steps": [
                    {"id": "start", "method": "session.start", "output": {"target": "basket"}}]},
                  {"id": "fail-key", "trigger": {"method": "POST", "path": "/fail"}, "steps": [
                    {"id": "count", "method": "test.value",
                     "input": {"value": {"valueType": "EXPRESSION", "value": "{{ session.global.apiKey }}"}},
                     "output": {"dataType": "INTEGER"}}]}]}""");
        expect(200, host.post("/run/vault/key", "{\"key\": \"k-98765\"}", user));
        assertEquals("Bearer k-98765", json(expect(200, host.post("/run/vault/use", "{}", user))).path("auth").asText(),
                "the caller gets the real response");
        String failed = body(host.post("/run/vault/fail", "{}", user));
        assertTrue(failed.contains("TYPE_MISMATCH") && failed.contains("***") && !failed.contains("k-98765"),
                "the caller is told the value is no integer, without the secret: " + failed);
        String token = json(expect(200, host.post("/run/vault/open", "{}", null))).path("basket").path("token")
                .asText();
        assertTrue(token.length() > 20, "the caller gets the new session's token");

        for (String flow : List.of("store-key", "use-key", "fail-key", "open")) {
            String history = body(expect(200, host.get("/api/apps/vault/flows/" + flow + "/executions",
                    host.adminToken())));
            assertFalse(history.contains("k-98765") || history.contains(token),
                    flow + "'s history shows a secret: " + history);
        }
        JsonNode used = json(expect(200, host.get("/api/apps/vault/flows/use-key/executions", host.adminToken())))
                .path(0);
        assertEquals("Bearer ***", used.path("response").path("auth").asText());
    }

    @Test
    void aStepWhoseInputsAreRefusedShowsTheRefusedInputInItsTrace() {
        host.createApp("""
                {"id": "refusals", "flows": [
                  {"id": "count", "trigger": {"method": "POST", "path": "/count"}, "steps": [
                    {"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "n", "dataType": "INTEGER", "valueType": "EXPRESSION", "value": "{{ message.n }}"},
                      {"name": "pin", "dataType": "STRING", "value": "9876", "secret": true}]}}]}]}""");
        JsonNode run = json(expect(200, host.post("/api/apps/refusals/flows/count/test",
                "{\"message\": {\"n\": \"lots\"}}", builder)));
        assertEquals(400, run.path("status").asInt());
        JsonNode keep = run.path("trace").path(0);
        assertEquals("INVALID_INPUT", keep.path("error").path("code").asText(), keep.toString());
        assertEquals("lots", keep.path("input").path("parameters").path(0).path("value").asText(),
                "the value the method refused, as the expression gave it");
        assertEquals("***", keep.path("input").path("parameters").path(1).path("value").asText());
        assertTrue(keep.path("output").isNull());
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.fieldNames;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The execution history does not leak other users' data: a builder sees the message, response, inputs and outputs of
 * the executions that builder ran, and only the status, timings and error codes of everyone else's; an admin sees all
 * (secret values hidden as always).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionHistoryPrivacyTest {
    @RegisterExtension
    final TestHost host = TestHost.perClass(this::hostSettings);

    /** @param config this class's host settings: the history in memory here; the variant on Redis adds its URL */
    void hostSettings(HostConfig config) {
    }

    String bob;
    String bea;
    String admin;
    String bobId;
    static final String FLOW = "/api/apps/notes/flows/note/executions";

    @BeforeAll
    void createTheAppAndRunIt() {
        bobId = host.createUser("bob", "builder");
        bob = host.login("bob", TestHost.password("bob"));
        bea = host.signUp("bea", "builder");
        admin = host.adminToken();
        host.createApp("""
                {"id": "notes", "flows": [
                  {"id": "note", "trigger": {"method": "POST", "path": "/note", "auth": "NONE"}, "steps": [
                    {"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "note", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.note }}"},
                      {"name": "count", "dataType": "INTEGER", "valueType": "EXPRESSION",
                       "value": "{{ message.count }}"}]},
                     "output": {"name": "kept", "target": "kept"}}]}]}""");
        expect(200, host.post("/run/notes/note", "{\"note\": \"bob-private-note\", \"count\": 1}", bob));
        expect(200, host.post("/api/apps/notes/flows/note/test",
                "{\"message\": {\"note\": \"bob-test-note\", \"count\": 2}}", bob));
        expect(200, host.post("/run/notes/note", "{\"note\": \"bea-private-note\", \"count\": 3}", bea));
        // A failing run of bea's: the step refuses the value and quotes it in its error message.
        expect(400, host.post("/run/notes/note", "{\"note\": \"bea-failing-note\", \"count\": \"bea-not-a-number\"}",
                bea));
        expect(200, host.post("/run/notes/note", "{\"note\": \"anonymous-note\", \"count\": 4}", null));
        // An admin's test run as bob: bob's identity, but the admin ran it (and chose the message).
        expect(200, host.post("/api/apps/notes/flows/note/test",
                "{\"message\": {\"note\": \"admin-as-bob-note\", \"count\": 5}, \"asUser\": \"" + bobId + "\"}",
                admin));
    }

    /** @return the executions the caller reads, by the note their message carried (from the admin's full view) */
    private Map<String, JsonNode> byNote(String token) {
        Map<String, String> notes = new HashMap<>();
        for (JsonNode execution : json(expect(200, host.get(FLOW, admin)))) {
            notes.put(execution.path("executionId").asText(),
                    execution.path("trace").path(0).path("input").path("parameters").path(0).path("value").asText());
        }
        Map<String, JsonNode> seen = new HashMap<>();
        for (JsonNode execution : json(expect(200, host.get(FLOW, token)))) {
            seen.put(notes.get(execution.path("executionId").asText()), execution);
        }
        return seen;
    }

    @Test
    void aBuilderSeesTheContentsOfTheExecutionsThatBuilderRanOnly() {
        Map<String, JsonNode> seen = byNote(bob);
        assertEquals(6, seen.size(), seen.keySet().toString());
        for (String own : List.of("bob-private-note", "bob-test-note")) {
            JsonNode execution = seen.get(own);
            assertEquals("FULL", execution.path("detail").asText(), own);
            assertEquals(own, execution.path("response").path("kept").path("note").asText());
            assertEquals(bobId, execution.path("runBy").asText());
        }
        for (String others : List.of("bea-private-note", "bea-failing-note", "anonymous-note", "admin-as-bob-note")) {
            assertEquals("SUMMARY", seen.get(others).path("detail").asText(), others);
        }
        String list = body(expect(200, host.get(FLOW, bob)));
        for (String hidden : List.of("bea-private-note", "bea-failing-note", "bea-not-a-number", "anonymous-note",
                "admin-as-bob-note")) {
            assertFalse(list.contains(hidden), "bob reads '" + hidden + "' in " + list);
        }
    }

    @Test
    void anotherUsersExecutionShowsItsStatusTimingsAndErrorCodesOnly() {
        JsonNode failed = byNote(bob).get("bea-failing-note");
        assertEquals(List.of("executionId", "flowId", "startedAt", "durationMs", "status", "detail", "errorCode",
                "trace"), fieldNames(failed));
        assertEquals(400, failed.path("status").asInt());
        assertEquals("INVALID_INPUT", failed.path("errorCode").asText());
        JsonNode step = failed.path("trace").path(0);
        assertEquals(List.of("stepId", "path", "method", "durationMs", "error"), fieldNames(step));
        assertEquals("keep", step.path("stepId").asText());
        assertEquals("session.set-parameters", step.path("method").asText());
        assertTrue(step.path("durationMs").isNumber());
        assertEquals(List.of("code", "status"), fieldNames(step.path("error")));
        assertEquals("INVALID_INPUT", step.path("error").path("code").asText());
        assertEquals(400, step.path("error").path("status").asInt());

        JsonNode succeeded = byNote(bob).get("bea-private-note");
        assertEquals(200, succeeded.path("status").asInt());
        assertTrue(succeeded.path("errorCode").isNull());
        assertTrue(succeeded.path("trace").path(0).path("error").isNull());
    }

    @Test
    void theOtherBuilderSeesTheirOwnInFullAndBobsAsSummaries() {
        Map<String, JsonNode> seen = byNote(bea);
        assertEquals("FULL", seen.get("bea-private-note").path("detail").asText());
        assertEquals("FULL", seen.get("bea-failing-note").path("detail").asText());
        assertTrue(seen.get("bea-failing-note").path("response").toString().contains("INVALID_INPUT"));
        for (String others : List.of("bob-private-note", "bob-test-note", "anonymous-note", "admin-as-bob-note")) {
            assertEquals("SUMMARY", seen.get(others).path("detail").asText(), others);
        }
        assertFalse(body(expect(200, host.get(FLOW, bea))).contains("bob-"));
    }

    @Test
    void anAdminSeesEveryExecutionInFull() {
        JsonNode all = json(expect(200, host.get(FLOW, admin)));
        assertEquals(6, all.size());
        all.forEach(execution -> assertEquals("FULL", execution.path("detail").asText(), execution.toString()));
        assertTrue(body(expect(200, host.get(FLOW, admin))).contains("bea-not-a-number"));
    }

    @Test
    void oneExecutionIsShownAsInTheList() {
        for (JsonNode execution : json(expect(200, host.get(FLOW, admin)))) {
            String id = execution.path("executionId").asText();
            assertEquals(byId(bob, id), json(expect(200, host.get(FLOW + "/" + id, bob))), id);
            assertEquals(execution, json(expect(200, host.get(FLOW + "/" + id, admin))), id);
        }
    }

    private JsonNode byId(String token, String executionId) {
        for (JsonNode execution : json(expect(200, host.get(FLOW, token)))) {
            if (execution.path("executionId").asText().equals(executionId)) return execution;
        }
        throw new AssertionError("no execution " + executionId);
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** For Each, Parallel, Scoped on and off, and Session Management inside flows. */
class FlowSubProcessTest {
    @TempDir
    static Path dataDir;
    static TestHost host;
    static String ada;

    /** A For Each that reads then writes LOCAL in each iteration, between a parent write and a parent read. */
    static String forEach(String id, String path, boolean scoped) {
        return """
                {"id": "%s", "trigger": {"method": "POST", "path": "%s", "auth": "NONE"}, "steps": [
                  {"id": "set-base", "method": "session.set-parameters",
                   "input": {"parameters": [{"name": "base", "dataType": "STRING", "value": "parent"}]}},
                  {"id": "each", "type": "for-each", "items": "{{ message.items }}", "scoped": %s, "target": "results",
                   "steps": [
                     {"id": "before", "method": "session.get-parameters",
                      "input": {"parameters": [{"name": "base"}, {"name": "seen"}]}, "output": {"target": "before"}},
                     {"id": "write", "method": "session.set-parameters", "input": {"parameters": [
                       {"name": "seen", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ item }}"},
                       {"name": "base", "dataType": "STRING", "valueType": "EXPRESSION", "value": "changed-{{ index }}"}]}}]},
                  {"id": "after", "method": "session.get-parameters",
                   "input": {"parameters": [{"name": "base"}, {"name": "seen"}]}, "output": {"target": "after"}}]}"""
                .formatted(id, path, scoped);
    }

    /** A Parallel whose branches each write their own LOCAL parameter, then read both. */
    static String parallel(String id, String path, boolean scoped) {
        return """
                {"id": "%s", "trigger": {"method": "POST", "path": "%s", "auth": "NONE"}, "steps": [
                  {"id": "fan", "type": "parallel", "scoped": %s, "branches": [
                    {"id": "left", "steps": [
                      {"id": "write-left", "method": "session.set-parameters",
                       "input": {"parameters": [{"name": "left", "dataType": "STRING", "value": "L"}]}},
                      {"id": "read-left", "method": "session.get-parameters",
                       "input": {"parameters": [{"name": "left"}, {"name": "right"}]}, "output": {"target": "seen"}}]},
                    {"id": "right", "steps": [
                      {"id": "write-right", "method": "session.set-parameters",
                       "input": {"parameters": [{"name": "right", "dataType": "STRING", "value": "R"}]}},
                      {"id": "read-right", "method": "session.get-parameters",
                       "input": {"parameters": [{"name": "left"}, {"name": "right"}]}, "output": {"target": "seen"}}]}]},
                  {"id": "after", "method": "session.get-parameters",
                   "input": {"parameters": [{"name": "left"}, {"name": "right"}]}, "output": {"target": "after"}}]}"""
                .formatted(id, path, scoped);
    }

    @BeforeAll
    static void start() {
        host = TestHost.startWithTestPlugin(dataDir);
        ada = host.signUp("ada", "user");
        StringBuilder manyBranches = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            manyBranches.append(i == 0 ? "" : ",").append("""
                    {"id": "b%d", "steps": [{"id": "w%d", "method": "session.set-parameters",
                      "input": {"parameters": [{"name": "p%d", "dataType": "INTEGER", "value": %d}]}}]}""".formatted(i, i, i, i));
        }
        host.createApp("""
                {"id": "subs", "flows": [%s, %s, %s, %s,
                  {"id": "many", "trigger": {"method": "POST", "path": "/many", "auth": "NONE"}, "steps": [
                    {"id": "fan", "type": "parallel", "branches": [%s]},
                    {"id": "count", "method": "session.info", "output": {"target": "info"}}]},
                  {"id": "failing", "trigger": {"method": "POST", "path": "/failing", "auth": "NONE"}, "steps": [
                    {"id": "fan", "type": "parallel", "branches": [
                      {"id": "fine", "steps": [{"id": "echo", "method": "test.value", "input": {"value": 1}}]},
                      {"id": "broken", "steps": [{"id": "explode", "method": "test.explode"}]}]}]},
                  {"id": "put", "trigger": {"method": "POST", "path": "/manage/put"}, "steps": [
                    {"id": "store", "method": "session.manage", "input": {"operation": "PUT_DATA",
                     "sessionType": "GLOBAL", "fields": ["orderId", "customer.city"]}}]},
                  {"id": "get", "trigger": {"method": "POST", "path": "/manage/get"}, "steps": [
                    {"id": "load", "method": "session.manage", "input": {"operation": "GET_DATA",
                     "sessionType": "GLOBAL", "fields": ["orderId", "customer.city", "never.stored"]}}]},
                  {"id": "step-scoped", "trigger": {"method": "POST", "path": "/step-scoped", "auth": "NONE"}, "steps": [
                    {"id": "each", "type": "for-each", "items": "{{ message.items }}", "steps": [
                      {"id": "keep", "method": "session.manage", "input": {"operation": "PUT_DATA",
                       "fields": ["sku"], "scoped": true}},
                      {"id": "read", "method": "session.manage", "input": {"operation": "GET_DATA",
                       "fields": ["sku"], "scoped": true}}]},
                    {"id": "after", "method": "session.get-parameters",
                     "input": {"parameters": [{"name": "sku"}]}, "output": {"target": "after"}}]}]}"""
                .formatted(forEach("each-scoped", "/each/scoped", true), forEach("each-shared", "/each/shared", false),
                        parallel("fan-scoped", "/fan/scoped", true), parallel("fan-shared", "/fan/shared", false),
                        manyBranches));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void scopedForEachIterationsWorkOnTheirOwnCopies() {
        JsonNode message = json(expect(200, host.post("/run/subs/each/scoped", "{\"items\": [\"a\", \"b\", \"c\"]}",
                null)));
        JsonNode results = message.path("results");
        assertEquals(3, results.size());
        for (JsonNode result : results) {
            assertEquals("{\"base\":\"parent\"}", result.path("before").toString(),
                    "each iteration starts from the parent's data and never sees a sibling's writes");
        }
        assertEquals("{\"base\":\"parent\"}", message.path("after").toString(), "no write reaches the parent");
    }

    @Test
    void unscopedForEachIterationsShareTheParentsLocalSession() {
        JsonNode message = json(expect(200, host.post("/run/subs/each/shared", "{\"items\": [\"a\", \"b\"]}", null)));
        JsonNode results = message.path("results");
        assertEquals("{\"base\":\"parent\"}", results.path(0).path("before").toString());
        assertEquals("{\"base\":\"changed-0\",\"seen\":\"a\"}", results.path(1).path("before").toString());
        assertEquals("{\"base\":\"changed-1\",\"seen\":\"b\"}", message.path("after").toString());
    }

    @Test
    void forEachItemsThatAreObjectsBecomeTheIterationsMessage() {
        JsonNode message = json(expect(200, host.post("/run/subs/step-scoped",
                "{\"items\": [{\"sku\": \"s-1\", \"qty\": 2}], \"other\": true}", null)));
        assertEquals("{\"sku\":\"s-1\",\"qty\":2}", message.path("each").path(0).toString());
        assertTrue(message.path("other").asBoolean(), "the parent's message passes through");
        assertEquals(0, json(expect(200, host.post("/run/subs/each/scoped", "{}", null))).path("results").size(),
                "missing items are no iteration");
        assertEquals("ITEMS_NOT_AN_ARRAY", json(expect(400, host.post("/run/subs/each/scoped", "{\"items\": 3}",
                null))).path("error").path("code").asText());
    }

    @Test
    void scopedParallelBranchesSeeOnlyTheirOwnWrites() {
        JsonNode message = json(expect(200, host.post("/run/subs/fan/scoped", "{\"order\": 1}", null)));
        assertEquals("{\"left\":\"L\"}", message.path("fan").path("left").path("seen").toString());
        assertEquals("{\"right\":\"R\"}", message.path("fan").path("right").path("seen").toString());
        assertEquals(1, message.path("fan").path("left").path("order").asInt(), "a branch starts from the message");
        assertEquals("{}", message.path("after").toString());
    }

    @Test
    void unscopedParallelBranchesWriteIntoTheParentsLocalSession() {
        JsonNode message = json(expect(200, host.post("/run/subs/fan/shared", "{}", null)));
        assertEquals("{\"left\":\"L\",\"right\":\"R\"}", message.path("after").toString().replace(
                "{\"right\":\"R\",\"left\":\"L\"}", "{\"left\":\"L\",\"right\":\"R\"}"));
    }

    @Test
    void concurrentBranchesLoseNoWrite() {
        for (int run = 0; run < 20; run++) {
            JsonNode message = json(expect(200, host.post("/run/subs/many", "{}", null)));
            assertEquals(16, message.path("info").path("keyCount").asInt(), message.toString());
        }
    }

    @Test
    void aFailingBranchFailsTheStepAndIsNamed() {
        JsonNode error = json(expect(500, host.post("/run/subs/failing", "{}", null))).path("error");
        assertEquals("METHOD_FAILED", error.path("code").asText());
        assertEquals("broken", error.path("details").path("branchId").asText());
        assertEquals("fan", error.path("details").path("parallelStepId").asText());
        assertEquals("explode", error.path("details").path("stepId").asText());
        assertTrue(error.path("message").asText().contains("Branch 'broken'"), error.toString());
    }

    @Test
    void sessionManagementPutsAndGetsMessageFields() {
        expect(200, host.post("/run/subs/manage/put", "{\"orderId\": \"A-1\", \"customer\": {\"city\": \"Lyon\"}}",
                ada));
        JsonNode message = json(expect(200, host.post("/run/subs/manage/get", "{\"step\": 2}", ada)));
        assertEquals("{\"step\":2,\"orderId\":\"A-1\",\"customer\":{\"city\":\"Lyon\"}}", message.toString(),
                "stored fields are added, missing ones omitted, the rest passes through");
    }

    @Test
    void aScopedSessionStepInAnUnscopedIterationKeepsItsWritesToItself() {
        JsonNode message = json(expect(200, host.post("/run/subs/step-scoped",
                "{\"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}", null)));
        assertEquals(List.of("a", "b"), List.of(message.path("each").path(0).path("sku").asText(),
                message.path("each").path(1).path("sku").asText()));
        assertEquals("{}", message.path("after").toString());
    }
}

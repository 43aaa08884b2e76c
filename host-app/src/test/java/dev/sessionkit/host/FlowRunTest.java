package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.testplugins.Gate;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running flows through their REST triggers: sessions, expressions, output configuration, limits and errors. */
class FlowRunTest {
    @TempDir
    static Path dataDir;
    static TestHost host;
    static String ada;
    static String bob;

    @BeforeAll
    static void start() {
        host = TestHost.startWithTestPlugin(dataDir);
        ada = host.signUp("ada", "user");
        bob = host.signUp("bob", "user");
        host.createApp("""
                {"id": "shop", "name": "Shop", "flows": [
                  {"id": "add-item", "name": "Add item",
                   "trigger": {"type": "REST", "method": "POST", "path": "/cart/items", "auth": "JWT"},
                   "steps": [
                     {"id": "remember", "method": "session.set-parameters",
                      "input": {"scope": "GLOBAL", "parameters": [
                        {"name": "lastSku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"}]}},
                     {"id": "read", "method": "session.get-parameters",
                      "input": {"scope": "GLOBAL", "parameters": [{"name": "lastSku"}]},
                      "output": {"dataType": "OBJECT", "scope": "LOCAL", "name": "cart", "target": "cart"}},
                     {"id": "show", "method": "test.value",
                      "input": {"value": {"valueType": "EXPRESSION", "value": "{{ session.local.cart.lastSku }}"}},
                      "output": {"target": "fromLocal"}}]},
                  {"id": "last-item", "trigger": {"method": "GET", "path": "/cart/last"},
                   "steps": [{"id": "read", "method": "session.get-parameters",
                      "input": {"scope": "GLOBAL", "parameters": [{"name": "lastSku"}]}, "output": {"target": "last"}}]},
                  {"id": "order", "trigger": {"method": "GET", "path": "/orders/{id}", "auth": "NONE"},
                   "steps": [{"id": "echo", "method": "test.value", "input": {"value": {"valueType": "EXPRESSION",
                      "value": "order {{ request.params.id }} q={{ request.query.q }} h={{ request.headers.x-trace }}"}},
                      "output": {"target": "echo"}}]},
                  {"id": "order-new", "trigger": {"method": "GET", "path": "/orders/new", "auth": "NONE"},
                   "steps": [{"id": "fixed", "method": "test.value", "input": {"value": "a new order form"},
                      "output": {"target": "echo"}}]},
                  {"id": "local", "trigger": {"method": "POST", "path": "/local", "auth": "NONE"},
                   "steps": [
                     {"id": "before", "method": "session.get-parameters",
                      "input": {"parameters": [{"name": "seen"}]}, "output": {"target": "before"}},
                     {"id": "mark", "method": "session.set-parameters",
                      "input": {"parameters": [{"name": "seen", "dataType": "BOOLEAN", "value": true}]}},
                     {"id": "after", "method": "session.get-parameters",
                      "input": {"parameters": [{"name": "seen"}]}, "output": {"target": "after"}}]},
                  {"id": "types", "trigger": {"method": "POST", "path": "/types", "auth": "NONE"},
                   "steps": [
                     {"id": "single", "method": "test.value",
                      "input": {"value": {"valueType": "EXPRESSION", "value": " {{ message.n }} "}}, "output": {"target": "single"}},
                     {"id": "mixed", "method": "test.value",
                      "input": {"value": {"valueType": "EXPRESSION", "value": "n={{ message.n }}"}}, "output": {"target": "mixed"}},
                     {"id": "missing", "method": "test.value",
                      "input": {"value": {"valueType": "EXPRESSION", "value": "{{ message.nope.deeper }}"}}, "output": {"target": "missing"}},
                     {"id": "user", "method": "test.value",
                      "input": {"value": {"valueType": "EXPRESSION", "value": "{{ user.username }}"}}, "output": {"target": "user"}},
                     {"id": "static", "method": "test.value",
                      "input": {"value": {"valueType": "STATIC", "value": "{{ not evaluated }}"}}, "output": {"target": "static"}}]},
                  {"id": "convert", "trigger": {"method": "POST", "path": "/convert", "auth": "NONE"},
                   "steps": [{"id": "count", "method": "test.value",
                      "input": {"value": {"valueType": "EXPRESSION", "value": "{{ message.count }}"}},
                      "output": {"dataType": "INTEGER", "target": "converted.count"}}]},
                  {"id": "boom", "trigger": {"method": "POST", "path": "/boom", "auth": "NONE"},
                   "steps": [{"id": "explode", "method": "test.explode"}]},
                  {"id": "typed", "trigger": {"method": "POST", "path": "/typed", "auth": "NONE"},
                   "steps": [{"id": "store", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "n", "dataType": "INTEGER", "valueType": "EXPRESSION", "value": "{{ message.n }}"}]}}]},
                  {"id": "basket", "trigger": {"method": "POST", "path": "/basket", "auth": "NONE"},
                   "steps": [{"id": "add", "method": "session.set-parameters", "input": {"scope": "TOKEN",
                      "token": {"valueType": "EXPRESSION", "value": "{{ message.basketToken }}"},
                      "parameters": [{"name": "items", "dataType": "ARRAY", "value": []}]}}]},
                  {"id": "remember", "trigger": {"method": "POST", "path": "/remember", "auth": "NONE"},
                   "steps": [{"id": "store", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "a", "dataType": "STRING", "value": "fixed"},
                      {"name": "b", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.b }}"}]}}]},
                  {"id": "anonymous-global", "trigger": {"method": "POST", "path": "/anon", "auth": "NONE"},
                   "steps": [{"id": "global", "method": "session.get-parameters",
                      "input": {"scope": "GLOBAL", "parameters": [{"name": "x"}]}}]},
                  {"id": "slow", "timeoutSeconds": 1, "trigger": {"method": "POST", "path": "/slow", "auth": "NONE"},
                   "steps": [{"id": "wait", "method": "test.block"}]},
                  {"id": "slow-branch", "timeoutSeconds": 1,
                   "trigger": {"method": "POST", "path": "/slow-branch", "auth": "NONE"},
                   "steps": [{"id": "fan", "type": "parallel", "branches": [
                     {"id": "stuck", "steps": [{"id": "wait-in-branch", "method": "test.block"}]},
                     {"id": "quick", "steps": [{"id": "v", "method": "test.value", "input": {"value": 1}}]}]}]},
                  {"id": "small", "maxBodyBytes": 100, "trigger": {"method": "POST", "path": "/small", "auth": "NONE"},
                   "steps": []},
                  {"id": "big", "trigger": {"method": "POST", "path": "/big", "auth": "NONE"}, "steps": []}]}""");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void theGlobalSessionFollowsTheSignedInUserAcrossExecutions() {
        JsonNode added = json(expect(200, host.post("/run/shop/cart/items", "{\"sku\": \"sku-1\"}", ada)));
        assertEquals("sku-1", added.path("sku").asText(), "the message passes through");
        assertEquals("sku-1", added.path("cart").path("lastSku").asText(), "output.target");
        assertEquals("sku-1", added.path("fromLocal").asText(), "output.scope LOCAL + name, read by an expression");

        assertEquals("sku-1", json(expect(200, host.get("/run/shop/cart/last", ada))).path("last").path("lastSku")
                .asText());
        assertEquals(0, json(expect(200, host.get("/run/shop/cart/last", bob))).path("last").size(),
                "another user has another GLOBAL session");
    }

    @Test
    void aJwtTriggerRefusesCallsWithoutAValidToken() {
        assertError(401, "AUTHENTICATION_REQUIRED", host.post("/run/shop/cart/items", "{\"sku\": \"x\"}", null));
        assertError(401, "INVALID_TOKEN", host.post("/run/shop/cart/items", "{\"sku\": \"x\"}", "not-a-jwt"));
    }

    @Test
    void pathParametersQueryAndHeadersReachExpressions() {
        Response response = host.send("/run/shop/orders/A-17?q=fast", request -> request.header("X-Trace", "t-1"),
                request -> request.get());
        JsonNode message = json(expect(200, response));
        assertEquals("order A-17 q=fast h=t-1", message.path("echo").asText());
        assertFalse(response.headers().get("X-Execution-Id").isEmpty());
        assertEquals("a new order form", json(expect(200, host.get("/run/shop/orders/new", null))).path("echo")
                .asText(), "a literal segment wins over a parameter");
    }

    @Test
    void eachExecutionHasItsOwnLocalSession() {
        for (int run = 0; run < 2; run++) {
            JsonNode message = json(expect(200, host.post("/run/shop/local", "", null)));
            assertEquals(0, message.path("before").size(), "an empty body is {} and LOCAL starts empty");
            assertTrue(message.path("after").path("seen").asBoolean());
        }
    }

    @Test
    void aSingleExpressionKeepsItsTypeAndMixedTextIsAString() {
        JsonNode message = json(expect(200, host.post("/run/shop/types", "{\"n\": 42}", ada)));
        assertTrue(message.path("single").isInt(), message.toString());
        assertEquals(42, message.path("single").intValue());
        assertEquals("n=42", message.path("mixed").asText());
        assertTrue(message.path("missing").isNull(), "a missing path is null");
        assertEquals("ada", message.path("user").asText());
        assertEquals("{{ not evaluated }}", message.path("static").asText());
    }

    @Test
    void theOutputDataTypeConvertsOrRejects() {
        JsonNode message = json(expect(200, host.post("/run/shop/convert", "{\"count\": \"42\"}", null)));
        assertTrue(message.path("converted").path("count").isIntegralNumber(), message.toString());
        assertEquals(42, message.path("converted").path("count").intValue());
        assertError(400, "TARGET_BLOCKED", host.post("/run/shop/convert", "{\"count\": 1, \"converted\": 7}", null));

        JsonNode error = json(expect(400, host.post("/run/shop/convert", "{\"count\": \"4.5\"}", null)))
                .path("error");
        assertEquals("convert", error.path("details").path("flowId").asText());
        assertEquals("count", error.path("details").path("stepId").asText());
        assertTrue(error.path("message").asText().contains("step 'count'"), error.toString());
    }

    @Test
    void aRequiredInputWhoseExpressionGaveNothingQuotesTheExpression() {
        JsonNode error = json(expect(400, host.post("/run/shop/basket", "{}", null))).path("error");
        assertEquals("INVALID_INPUT", error.path("code").asText());
        assertEquals("add", error.path("details").path("stepId").asText());
        String message = error.path("message").asText();
        assertTrue(message.contains("'token' is required"), message);
        assertTrue(message.contains("'token' comes from the expression {{ message.basketToken }}, which gave no value"),
                message);

        JsonNode row = json(expect(400, host.post("/run/shop/remember", "{}", null))).path("error");
        assertTrue(row.path("message").asText().contains("'parameters[1].value' comes from the expression "
                + "{{ message.b }}"), row.toString());

        JsonNode stated = json(expect(400, host.post("/run/shop/typed", "{\"n\": \"many\"}", null))).path("error");
        assertFalse(stated.path("message").asText().contains("gave no value"), "a value of the wrong type is not "
                + "missing");
    }

    @Test
    void aFailingStepNamesTheFlowTheStepAndTheMethod() {
        JsonNode badInput = json(expect(400, host.post("/run/shop/typed", "{\"n\": \"many\"}", null))).path("error");
        assertEquals("INVALID_INPUT", badInput.path("code").asText());
        assertEquals("typed", badInput.path("details").path("flowId").asText());
        assertEquals("store", badInput.path("details").path("stepId").asText());
        assertEquals("session.set-parameters", badInput.path("details").path("methodId").asText());

        JsonNode failed = json(expect(500, host.post("/run/shop/boom", "{}", null))).path("error");
        assertEquals("METHOD_FAILED", failed.path("code").asText());
        assertEquals("explode", failed.path("details").path("stepId").asText());
        assertEquals("test-plugin", failed.path("details").path("pluginId").asText());
        assertFalse(failed.toString().contains("0xC0FFEE"), "the plugin's internals never reach the caller");

        JsonNode anonymous = json(expect(401, host.post("/run/shop/anon", "{}", null))).path("error");
        assertEquals("global", anonymous.path("details").path("stepId").asText());
    }

    @Test
    void unknownTriggersAnd405LikeMisses() {
        assertError(404, "FLOW_NOT_FOUND", host.get("/run/shop/nowhere", ada));
        JsonNode wrongMethod = json(expect(404, host.get("/run/shop/cart/items", ada)));
        assertEquals("POST", wrongMethod.path("error").path("details").path("allowedMethods").path(0).asText());
        assertError(404, "APP_NOT_FOUND", host.get("/run/nope/cart/items", ada));
        assertError(400, "INVALID_BODY", host.post("/run/shop/local", "[1]", null));
        assertError(400, "INVALID_JSON", host.post("/run/shop/local", "{nope", null));
    }

    @Test
    void theBodyLimitIsTheFlows() {
        JsonNode error = json(expect(413, host.post("/run/shop/small", "{\"text\": \"" + "x".repeat(200) + "\"}",
                null))).path("error");
        assertEquals("FLOW_BODY_TOO_LARGE", error.path("code").asText());
        assertEquals(100, error.path("details").path("limit").asInt());
        String twoMegabytes = "{\"text\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertEquals(2 * 1024 * 1024, json(expect(200, host.post("/run/shop/big", twoMegabytes, null)))
                .path("text").asText().length(), "the default flow limit (5 MB) is above the host's 1 MB");
        JsonNode kept = json(expect(200, host.get("/api/apps/shop/flows/big/executions", host.adminToken()))).path(0);
        assertTrue(kept.path("response").asText().startsWith("(left out of the history"),
                "the history never keeps a large message");
    }

    @Test
    void aFlowOverItsTimeoutAnswers504() throws Exception {
        Gate.reset();
        try {
            JsonNode error = json(expect(504, host.post("/run/shop/slow", "{}", null))).path("error");
            assertEquals("FLOW_TIMEOUT", error.path("code").asText());
            assertEquals(1, error.path("details").path("timeoutSeconds").asInt());
        } finally {
            Gate.release();
        }
        for (int i = 0; i < 20; i++) {
            expect(200, host.post("/run/shop/local", "{}", null)); // the server's threads came back clean
        }
    }

    @Test
    void aBlockedParallelBranchTimesOutTheFlow() {
        Gate.reset();
        try {
            assertError(504, "FLOW_TIMEOUT", host.post("/run/shop/slow-branch", "{}", null));
        } finally {
            Gate.release();
        }
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.session.SessionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App definitions with flows: validation on save, versions, export and import, roles, restart. */
class FlowAppsTest {
    static final String SHOP = ProductExamples.SHOP_APP;

    @TempDir
    static Path dataDir;
    static TestHost host;
    static String builder;
    static String user;

    @BeforeAll
    static void start() {
        host = TestHost.startWithTestPlugin(dataDir);
        builder = host.signUp("bob", "builder");
        user = host.signUp("uma", "user");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void theProductExampleSavesAndExportsAsItWasGivenWithThePluginRecorded() {
        JsonNode created = json(expect(201, host.post("/api/apps", SHOP.replace("\"shop\"", "\"export\""), builder)));
        JsonNode exported = json(expect(200, host.get("/api/apps/export", user)));
        assertEquals(created, exported);
        JsonNode step = exported.path("flows").path(0).path("steps").path(0);
        assertEquals("session-plugin", step.path("plugin").asText());
        ObjectNode given = (ObjectNode) parse(SHOP);
        ObjectNode withoutPlugin = (ObjectNode) exported.path("flows").path(0).deepCopy();
        withoutPlugin.withArray("steps").forEach(s -> ((ObjectNode) s).remove("plugin"));
        assertEquals(given.path("flows").path(0), withoutPlugin, "every field the user gave is kept as it was");

        expect(204, host.delete("/api/apps/export", builder));
        JsonNode imported = json(expect(201, host.post("/api/apps", exported.toString(), builder)));
        assertEquals(exported.path("flows"), imported.path("flows"), "an export imports as it is");
        assertEquals(1, imported.path("version").asInt());
    }

    @Test
    void aPutCarriesTheVersionItRead() {
        JsonNode v1 = json(expect(201, host.post("/api/apps", SHOP.replace("\"shop\"", "\"versioned\""), builder)));
        ObjectNode change = (ObjectNode) v1.deepCopy();
        change.put("name", "Shop 2");
        JsonNode v2 = json(expect(200, host.put("/api/apps/versioned", change.toString(), builder)));
        assertEquals(2, v2.path("version").asInt());
        assertEquals("Shop 2", v2.path("name").asText());
        assertEquals(v1.path("createdAt"), v2.path("createdAt"));

        JsonNode conflict = json(expect(409, host.put("/api/apps/versioned", change.toString(), builder)));
        assertEquals("VERSION_CONFLICT", conflict.path("error").path("code").asText());
        assertEquals(1, conflict.path("error").path("details").path("expected").asInt());
        assertEquals(2, conflict.path("error").path("details").path("actual").asInt());
        assertEquals("Shop 2", json(host.get("/api/apps/versioned", user)).path("name").asText());
        assertTrue(Files.exists(host.dataDir().resolve("apps/versioned.json.bak")), "the previous version is kept");
        assertEquals(1, TestHost.jsonFile(host.dataDir().resolve("apps/versioned.json.bak")).path("version").asInt());

        ObjectNode noVersion = (ObjectNode) v2.deepCopy();
        noVersion.remove("version");
        assertError(400, "INVALID_INPUT", host.put("/api/apps/versioned", noVersion.toString(), builder));
        assertError(400, "APP_ID_MISMATCH", host.put("/api/apps/versioned", ((ObjectNode) v2.deepCopy()).put("id", "x").toString(),
                builder));
        assertError(404, "APP_NOT_FOUND", host.put("/api/apps/none", v2.toString(), builder));
    }

    @Test
    void onlyAdminsAndBuildersChangeApps() {
        assertError(403, "FORBIDDEN", host.post("/api/apps", SHOP.replace("\"shop\"", "\"denied\""), user));
        JsonNode app = json(expect(201, host.post("/api/apps", SHOP.replace("\"shop\"", "\"guarded\""), builder)));
        assertError(403, "FORBIDDEN", host.put("/api/apps/guarded", app.toString(), user));
        assertError(401, "AUTHENTICATION_REQUIRED", host.put("/api/apps/guarded", app.toString(), null));
        assertError(403, "FORBIDDEN", host.delete("/api/apps/guarded", user));
    }

    @Test
    void eachValidationFailureNamesTheFlowTheStepAndTheField() {
        assertInvalid("UNKNOWN_METHOD", "add-item", "read", "method",
                SHOP.replace("\"session.get-parameters\"", "\"session.nope\""));
        assertInvalid("INVALID_STEP_INPUT", "add-item", "remember", "input.parameters[0].dataType",
                SHOP.replace("\"dataType\": \"STRING\"", "\"dataType\": \"TEXT\""));
        assertInvalid("INVALID_STEP_INPUT", "add-item", "read", "input.scope",
                SHOP.replace("\"scope\": \"GLOBAL\", \"parameters\": [{", "\"scope\": \"EVERYWHERE\", \"parameters\": [{"));
        assertInvalid("EXPRESSION_SYNTAX", "add-item", "remember", "input.parameters[0].value",
                SHOP.replace("{{ message.sku }}", "{{ message.sku + 1 }}"));
        assertInvalid("EXPRESSION_SYNTAX", "add-item", "each", "items", SHOP.replace("{{ message.items }}", "{{ }}"));
        assertInvalid("INVALID_OUTPUT", "add-item", "read", "output.scope",
                SHOP.replace("\"scope\": \"LOCAL\"", "\"scope\": \"TOKEN\""));
        assertInvalid("INVALID_OUTPUT", "add-item", "read", "output.name",
                SHOP.replace("\"name\": \"cart\"", "\"name\": \"" + "c".repeat(SessionLimits.MAX_NAME_LENGTH + 1) + "\""));
        assertInvalid("INVALID_TRIGGER", "add-item", null, "trigger.path", SHOP.replace("/cart/items", "cart"));
        assertInvalid("INVALID_TRIGGER", "add-item", null, "trigger.method", SHOP.replace("\"POST\"", "\"FETCH\""));
        assertInvalid("DUPLICATE_STEP_ID", "add-item", "read", "id", SHOP.replace("\"remember\"", "\"read\""));
        JsonNode notAFlow = json(expect(400, host.post("/api/apps", "{\"id\": \"invalid\", \"flows\": [null]}",
                builder))).path("error");
        assertEquals("INVALID_FLOWS", notAFlow.path("code").asText());
        assertEquals(0, notAFlow.path("details").path("flowIndex").asInt());
        assertTrue(notAFlow.path("message").asText().startsWith("Flow #0: each element of 'flows' must be a flow object")
                && notAFlow.path("message").asText().endsWith("not null."), notAFlow::toString);

        String twoFlows = """
                {"id": "shop", "flows": [
                  {"id": "add-item", "trigger": {"method": "POST", "path": "/cart/{sku}"}, "steps": []},
                  {"id": "again", "trigger": {"method": "POST", "path": "/cart/{line}/"}, "steps": []}]}""";
        assertInvalid("DUPLICATE_TRIGGER", "again", null, "trigger.path", twoFlows);
        assertEquals(201, host.post("/api/apps", twoFlows.replace("\"shop\"", "\"two\"")
                .replace("/cart/{line}/", "/cart/{line}/more"), builder).code());
        assertEquals(201, host.post("/api/apps", twoFlows.replace("\"shop\"", "\"three\"")
                .replace("\"POST\", \"path\": \"/cart/{line}/\"", "\"PUT\", \"path\": \"/cart/{line}\""), builder)
                .code(), "another method is another trigger");
    }

    @Test
    void expressionValuesAreTypeCheckedAtRunTimeNotAtSaveTime() {
        String integerFromExpression = SHOP.replace("\"dataType\": \"STRING\"", "\"dataType\": \"INTEGER\"")
                .replace("\"shop\"", "\"late\"");
        expect(201, host.post("/api/apps", integerFromExpression, builder));
    }

    @Test
    void appsSurviveARestart() throws Exception {
        JsonNode saved = json(expect(201, host.post("/api/apps", SHOP.replace("\"shop\"", "\"kept\""), builder)));
        host = host.restart();
        assertEquals(saved, json(expect(200, host.get("/api/apps/kept", host.adminToken()))));
        String token = host.login("uma", TestHost.password("uma"));
        JsonNode ran = json(expect(200, host.post("/run/kept/cart/items", "{\"sku\": \"k-1\", \"items\": [1]}", token)));
        assertEquals("k-1", ran.path("cart").path("lastSku").asText());
        builder = host.login("bob", TestHost.password("bob"));
        user = token;
    }

    private static void assertInvalid(String code, String flowId, String stepId, String field, String app) {
        JsonNode error = json(expect(400, host.post("/api/apps", app.replace("\"shop\"", "\"invalid\""), builder)))
                .path("error");
        assertEquals(code, error.path("code").asText(), error::toString);
        assertEquals(flowId, error.path("details").path("flowId").asText(), error::toString);
        assertEquals(stepId == null ? "null" : stepId, stepId == null ? error.path("details").path("stepId").toString()
                : error.path("details").path("stepId").asText(), error::toString);
        assertEquals(field, error.path("details").path("field").asText(), error::toString);
        assertTrue(error.path("message").asText().contains(flowId), error::toString);
    }

    private static JsonNode parse(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

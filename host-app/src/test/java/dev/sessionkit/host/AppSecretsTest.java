package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.body;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.Response;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Secret values in app definitions stay in the host: answers carry a placeholder, a PUT that sends it back keeps the
 * stored value, and an export lists what must be entered again on import.
 */
class AppSecretsTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    static final String PLACEHOLDER = "[REDACTED]";
    static final List<String> SECRETS = List.of("k-secret-123", "tok-secret-456", "tok-holder-789", "pin-4242");
    static String builder;
    static String user;

    static final String VAULT = """
            {"id": "%s", "flows": [
              {"id": "keys", "trigger": {"method": "POST", "path": "/keys"}, "steps": [
                {"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                  {"name": "apiKey", "dataType": "STRING", "value": "k-secret-123", "secret": true},
                  {"name": "plain", "dataType": "STRING", "value": "visible-value"},
                  {"name": "fromMessage", "dataType": "STRING", "valueType": "EXPRESSION",
                   "value": "{{ message.x }}", "secret": true}]}},
                {"id": "probe", "method": "session.exists", "input": {"scope": "TOKEN", "token": "tok-secret-456"}},
                {"id": "probe-held", "method": "session.exists",
                 "input": {"scope": "TOKEN", "token": {"valueType": "STATIC", "value": "tok-holder-789"}}},
                {"id": "each", "type": "for-each", "items": "{{ message.items }}", "steps": [
                  {"id": "pin", "method": "session.set-parameters", "input": {"parameters": [
                    {"name": "pin", "dataType": "STRING", "value": "pin-4242", "secret": true}]}}]},
                {"id": "read", "method": "session.get-parameters", "input": {"parameters": [{"name": "apiKey"}]},
                 "output": {"target": "got"}}]}]}""";

    @BeforeAll
    static void createTheApp() {
        builder = host.signUp("bo", "builder");
        user = host.signUp("ursula", "user");
        expect(201, host.post("/api/apps", VAULT.formatted("vault"), builder));
    }

    private static void assertNoSecret(String answer) {
        for (String secret : SECRETS) assertFalse(answer.contains(secret), secret + " shown in " + answer);
    }

    private static JsonNode step(JsonNode app, String stepId) {
        for (JsonNode step : app.path("flows").path(0).path("steps")) {
            if (step.path("id").asText().equals(stepId)) return step;
            for (JsonNode inner : step.path("steps")) {
                if (inner.path("id").asText().equals(stepId)) return inner;
            }
        }
        throw new AssertionError("no step " + stepId);
    }

    @Test
    void answersCarryAPlaceholderInsteadOfASecretValueAndListWhere() {
        for (String token : List.of(user, builder, host.adminToken())) {
            assertNoSecret(body(expect(200, host.get("/api/apps/vault", token))));
            assertNoSecret(body(expect(200, host.get("/api/apps", token))));
        }
        JsonNode app = json(host.get("/api/apps/vault", user));
        JsonNode rows = step(app, "keep").path("input").path("parameters");
        assertEquals(PLACEHOLDER, rows.path(0).path("value").asText());
        assertEquals("visible-value", rows.path(1).path("value").asText(), "what is not secret is shown");
        assertEquals("{{ message.x }}", rows.path(2).path("value").asText(), "an expression is no secret value");
        assertEquals(PLACEHOLDER, step(app, "probe").path("input").path("token").asText());
        assertEquals(PLACEHOLDER, step(app, "probe-held").path("input").path("token").path("value").asText());
        assertEquals("STATIC", step(app, "probe-held").path("input").path("token").path("valueType").asText());
        assertEquals(PLACEHOLDER, step(app, "pin").path("input").path("parameters").path(0).path("value").asText());

        assertEquals(parse("""
                [{"flowId": "keys", "stepId": "keep", "field": "input.parameters[0].value"},
                 {"flowId": "keys", "stepId": "probe", "field": "input.token"},
                 {"flowId": "keys", "stepId": "probe-held", "field": "input.token.value"},
                 {"flowId": "keys", "stepId": "pin", "field": "input.parameters[0].value"}]"""),
                app.path("secretFields"));
    }

    @Test
    void theStoredAppKeepsTheRealValuesAndRunsWithThem() throws Exception {
        String file = Files.readString(host.dataDir().resolve("apps/vault.json"));
        for (String secret : SECRETS) assertTrue(file.contains(secret), secret + " not stored");
        JsonNode run = json(expect(200, host.post("/run/vault/keys", "{\"x\": \"1\", \"items\": []}", builder)));
        assertEquals("k-secret-123", run.path("got").path("apiKey").asText(), "the run uses the real value");
    }

    @Test
    void aPutThatSendsThePlaceholderBackKeepsTheStoredValue() throws Exception {
        expect(201, host.post("/api/apps", VAULT.formatted("round-trip"), builder));
        ObjectNode read = (ObjectNode) json(host.get("/api/apps/round-trip", builder));
        // The editor renames the app and reorders the parameter rows, sending back everything it read.
        ArrayNode rows = (ArrayNode) step(read, "keep").path("input").path("parameters");
        JsonNode first = rows.remove(0);
        rows.add(first);
        read.put("name", "Round trip");
        JsonNode saved = json(expect(200, host.put("/api/apps/round-trip", read.toString(), builder)));
        assertNoSecret(saved.toString());
        assertEquals(2, saved.path("version").asInt());

        String file = Files.readString(host.dataDir().resolve("apps/round-trip.json"));
        for (String secret : SECRETS) assertTrue(file.contains(secret), secret + " lost by the save: " + file);
        assertFalse(file.contains(PLACEHOLDER), file);
        JsonNode run = json(expect(200, host.post("/run/round-trip/keys", "{\"x\": \"1\", \"items\": [1]}",
                builder)));
        assertEquals("k-secret-123", run.path("got").path("apiKey").asText());
    }

    @Test
    void aNewValueReplacesTheStoredOne() {
        expect(201, host.post("/api/apps", VAULT.formatted("rotate"), builder));
        ObjectNode read = (ObjectNode) json(host.get("/api/apps/rotate", builder));
        ((ObjectNode) step(read, "keep").path("input").path("parameters").path(0)).put("value", "k-rotated-999");
        expect(200, host.put("/api/apps/rotate", read.toString(), builder));
        JsonNode run = json(expect(200, host.post("/run/rotate/keys", "{\"x\": \"1\", \"items\": []}", builder)));
        assertEquals("k-rotated-999", run.path("got").path("apiKey").asText());
        assertFalse(body(host.get("/api/apps/rotate", user)).contains("k-rotated-999"));
    }

    @Test
    void aPlaceholderWithNothingStoredBehindItIsRefused() {
        expect(201, host.post("/api/apps", VAULT.formatted("renames"), builder));
        ObjectNode read = (ObjectNode) json(host.get("/api/apps/renames", builder));
        ((ObjectNode) step(read, "keep").path("input").path("parameters").path(0)).put("name", "renamedKey");
        Response renamed = expect(400, host.put("/api/apps/renames", read.toString(), builder));
        JsonNode error = json(renamed).path("error");
        assertEquals("SECRET_VALUE_REQUIRED", error.path("code").asText());
        assertEquals("keys", error.path("details").path("flowId").asText());
        assertEquals("keep", error.path("details").path("stepId").asText());
        assertEquals("input.parameters[0].value", error.path("details").path("field").asText());
        assertTrue(error.path("message").asText().contains("Enter the value"), error.toString());

        ObjectNode moved = (ObjectNode) json(host.get("/api/apps/renames", builder));
        ((ObjectNode) step(moved, "probe")).put("id", "probe-renamed");
        assertEquals("probe-renamed", json(expect(400, host.put("/api/apps/renames", moved.toString(), builder)))
                .path("error").path("details").path("stepId").asText());
        assertEquals(1, json(host.get("/api/apps/renames", builder)).path("version").asInt(), "nothing was saved");
    }

    @Test
    void anExportSaysWhatToEnterAgainAndIsImportedOnceTheValuesAreThere() {
        ObjectNode export = (ObjectNode) json(host.get("/api/apps/vault", builder));
        export.put("id", "vault-copy");
        Response refused = expect(400, host.post("/api/apps", export.toString(), builder));
        assertEquals("SECRET_VALUE_REQUIRED", json(refused).path("error").path("code").asText());
        assertEquals("input.parameters[0].value", json(refused).path("error").path("details").path("field").asText());
        assertEquals(404, host.get("/api/apps/vault-copy", builder).code(), "nothing was imported");

        // The export's secretFields say where: the values are entered there, and the import succeeds.
        ((ObjectNode) step(export, "keep").path("input").path("parameters").path(0)).put("value", "k-new-1");
        ((ObjectNode) step(export, "probe").path("input")).put("token", "tok-new-2");
        ((ObjectNode) step(export, "probe-held").path("input").path("token")).put("value", "tok-new-3");
        ((ObjectNode) step(export, "pin").path("input").path("parameters").path(0)).put("value", "pin-new-4");
        JsonNode imported = json(expect(201, host.post("/api/apps", export.toString(), builder)));
        assertEquals(4, imported.path("secretFields").size());
        assertFalse(imported.toString().contains("k-new-1"));
        assertEquals("k-new-1", json(expect(200, host.post("/run/vault-copy/keys", "{\"x\": \"1\", \"items\": []}",
                builder)))
                .path("got").path("apiKey").asText());
    }

    @Test
    void aSecretInputStaysHiddenWhileItsPluginIsDisabled() {
        String admin = host.adminToken();
        expect(200, host.post("/api/plugins/session-plugin/disable", "", admin));
        try {
            String answer = body(expect(200, host.get("/api/apps/vault", user)));
            assertNoSecret(answer);
            assertEquals(PLACEHOLDER, step(parse(answer), "probe").path("input").path("token").asText());
            // Saved back while the plugin is disabled: the value is kept, and still hidden afterwards.
            ObjectNode read = (ObjectNode) parse(answer);
            ((ObjectNode) step(read, "probe")).remove("secretInputs");
            expect(200, host.put("/api/apps/vault", read.toString(), builder));
            assertNoSecret(body(expect(200, host.get("/api/apps/vault", user))));
        } finally {
            expect(200, host.post("/api/plugins/session-plugin/enable", "", admin));
        }
        JsonNode run = json(expect(200, host.post("/run/vault/keys", "{\"x\": \"1\", \"items\": []}", builder)));
        assertEquals("k-secret-123", run.path("got").path("apiKey").asText());
    }

    private static JsonNode parse(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.session.SessionLimits;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that once answered 500 and stored what could not be read back: each is now a clear 4xx in the error shape,
 * and nothing of it is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtremeInputsTest {
    @RegisterExtension
    final TestHost host = TestHost.perClass(config -> config.sessionLimits =
            new SessionLimits(1_000, 4_096, 256L * 1024 * 1024));

    String admin;

    @BeforeAll
    void start() {
        admin = host.adminToken();
        expect(201, host.post("/api/apps", "{\"id\": \"shop\"}", admin));
        setGlobal("[{\"name\": \"cart\", \"dataType\": \"INTEGER\", \"value\": 3}]");
    }

    private Response setGlobal(String parameters) {
        return host.call("shop", "session.set-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": " + parameters + "}}", admin);
    }

    /** The admin's GLOBAL session in shop, as the admin view shows it (always readable). */
    private JsonNode storedGlobal() {
        String userId = json(expect(200, host.get("/api/auth/me", admin))).path("id").asText();
        return json(expect(200, host.get("/api/apps/shop/sessions/global:" + userId, admin))).path("values");
    }

    @Test
    void aNumberTooLongInPlainDigitsIsRefusedWhereverItIsSentAndNothingIsStored() {
        JsonNode before = storedGlobal();
        for (String number : new String[] {"1e999999999", "1e10000", "-1e1000", "1e-1000", "1e99999999999"}) {
            assertError(400, "NUMBER_TOO_LONG", setGlobal("[{\"name\": \"n\", \"dataType\": \"NUMBER\", \"value\": "
                    + number + "}]"));
            assertError(400, "NUMBER_TOO_LONG", host.call("shop", "session.exists",
                    "{\"message\": {\"x\": " + number + "}}", admin));
            assertError(400, "NUMBER_TOO_LONG", host.post("/api/apps", """
                    {"id": "numbers", "flows": [{"id": "f", "trigger": {"method": "POST", "path": "/f"},
                      "steps": [{"id": "s", "method": "session.set-parameters", "input": {"parameters": [
                        {"name": "n", "dataType": "NUMBER", "value": %s}]}}]}]}""".formatted(number), admin));
        }
        assertEquals(before, storedGlobal());
        expect(200, host.get("/api/apps/shop/sessions", admin));
        assertError(404, "APP_NOT_FOUND", host.get("/api/apps/numbers", admin));

        // The longest accepted number is stored and read back as it is answered: a one and 999 zeros.
        expect(200, setGlobal("[{\"name\": \"big\", \"dataType\": \"NUMBER\", \"value\": 1e999}]"));
        String answered = json(expect(200, host.call("shop", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"big\"}]}}", admin)))
                .path("output").path("big").decimalValue().toPlainString();
        assertEquals("1" + "0".repeat(999), answered);
    }

    @Test
    void aDecimalIsCountedAsTheDigitsItIsAnsweredWith(@TempDir Path dataDir) {
        // 1e999 is 5 characters as sent but 1,000 as answered: over a 512-byte value limit, never stored.
        try (TestHost small = TestHost.start(dataDir, config -> config.sessionLimits = new SessionLimits(1_000, 512,
                        1024 * 1024))) {
            Response response = small.call("default", "session.set-parameters", "{\"inputs\": {\"parameters\": "
                    + "[{\"name\": \"n\", \"dataType\": \"NUMBER\", \"value\": 1e999}]}}", null);
            assertError(413, "VALUE_TOO_LARGE", response);
            assertEquals(1000, json(response).path("error").path("details").path("bytes").asInt());
        }
    }

    @Test
    void aStringTooLongAsANumberIsATypeMismatchAndIsNeverExpanded() {
        for (String type : new String[] {"NUMBER", "INTEGER"}) {
            Response response = setGlobal("[{\"name\": \"n\", \"dataType\": \"" + type
                    + "\", \"value\": \"1e999999999\"}]");
            assertError(400, "INVALID_INPUT", response);
            String message = json(response).path("error").path("message").asText();
            assertTrue(message.contains("expects " + type), message);
        }
    }

    private static String nested(int levels, String inside) {
        return "[".repeat(levels) + inside + "]".repeat(levels);
    }

    @Test
    void aBodyNestedDeeperThan256LevelsIsRefusedWhileItIsRead() {
        assertError(400, "INVALID_JSON", host.call("shop", "session.exists",
                "{\"message\": {\"x\": " + nested(999, "1") + "}}", admin));
        assertError(400, "INVALID_JSON", host.post("/api/auth/login", "{\"username\": " + nested(300, "1") + "}",
                null));
        // Within the limit, the message comes back in the answer, one level deeper.
        JsonNode answer = json(expect(200, host.call("shop", "session.exists",
                "{\"message\": {\"x\": " + nested(250, "1") + "}}", admin)));
        assertEquals(1, answer.path("message").path("x").at("/0".repeat(249)).path(0).asInt());
    }

    @Test
    void aFieldPathOrATargetOfManySegmentsIsRefusedAndNothingIsStored() {
        String deep = "a" + ".a".repeat(9_999);
        JsonNode before = storedGlobal();
        for (String operation : new String[] {"PUT_DATA", "GET_DATA", "DELETE_DATA", "APPEND_DATA"}) {
            Response response = host.call("shop", "session.manage", "{\"inputs\": {\"operation\": \"" + operation
                    + "\", \"sessionType\": \"GLOBAL\", \"fields\": [\"" + deep + "\"]}, \"message\": {\"a\": 1}}",
                    admin);
            assertError(400, "INVALID_INPUT", response);
            assertEquals("PATH_TOO_LONG", json(response).path("error").path("details").path("violations").path(0)
                    .path("code").asText());
        }
        assertEquals(before, storedGlobal());

        Response app = host.post("/api/apps", """
                {"id": "targets", "flows": [{"id": "f", "trigger": {"method": "POST", "path": "/f", "auth": "NONE"},
                  "steps": [{"id": "s", "method": "session.exists", "output": {"target": "%s"}}]}]}"""
                .formatted(deep), admin);
        assertError(400, "INVALID_TARGET", app);
        assertTrue(json(app).path("error").path("message").asText().length() < 1_000);
        assertError(404, "APP_NOT_FOUND", host.get("/api/apps/targets", admin));
    }

    @Test
    void aStepOutputThatWouldNestTheMessageTooDeepFailsTheStepClearly() {
        expect(201, host.post("/api/apps", """
                {"id": "nesting", "flows": [{"id": "f", "trigger": {"method": "POST", "path": "/f", "auth": "NONE"},
                  "steps": [{"id": "keep", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "deep", "dataType": "ARRAY", "valueType": "EXPRESSION", "value": "{{ message.deep }}"}]},
                    "output": {"target": "a.b.c.d.e.f.g.h"}}]}]}""", admin));
        Response response = host.post("/run/nesting/f", "{\"deep\": " + nested(250, "1") + "}", null);
        assertError(400, "TARGET_TOO_DEEP", response);
        assertEquals("keep", json(response).path("error").path("details").path("stepId").asText());
        expect(200, host.post("/run/nesting/f", "{\"deep\": " + nested(240, "1") + "}", null));
    }

    @Test
    void aTemplateThatWouldRenderFarMoreThanWasSentIsRefusedAtOnce() {
        // 252 KB sent; rendered in full it would be 800 MB. The host's value size limit is 4 KiB here.
        String template = "{{message.b}}".repeat(4_000);
        String body = "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"t\", \"dataType\": "
                + "\"STRING\", \"valueType\": \"EXPRESSION\", \"value\": \"" + template + "\"}]}, \"message\": "
                + "{\"b\": \"" + "b".repeat(200_000) + "\"}}";
        JsonNode before = storedGlobal();
        Response response = host.call("shop", "session.set-parameters", body, admin);
        assertError(413, "EXPRESSION_RESULT_TOO_LARGE", response);
        assertEquals(4_096, json(response).path("error").path("details").path("limit").asInt());
        assertEquals(before, storedGlobal());

        expect(201, host.post("/api/apps", """
                {"id": "render", "flows": [{"id": "f", "trigger": {"method": "POST", "path": "/f", "auth": "NONE"},
                  "steps": [{"id": "say", "method": "session.set-parameters", "input": {"parameters": [
                      {"name": "t", "dataType": "STRING", "valueType": "EXPRESSION",
                       "value": "{{ message.b }} and {{ message.b }}"}]}}]}]}""", admin));
        Response run = host.post("/run/render/f", "{\"b\": \"" + "b".repeat(3_000) + "\"}", null);
        assertError(413, "EXPRESSION_RESULT_TOO_LARGE", run);
        assertEquals("say", json(run).path("error").path("details").path("stepId").asText());
        expect(200, host.post("/run/render/f", "{\"b\": \"" + "b".repeat(1_000) + "\"}", null));
    }
}

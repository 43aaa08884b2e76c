package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.errorCode;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.Response;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MethodRoutesTest {
    @RegisterExtension
    final TestHost host = TestHost.perClass(this::hostSettings);

    /** @param config this class's host settings: the embedded store here; the variant on Redis adds its URL */
    void hostSettings(HostConfig config) {
    }
    String token;

    @BeforeAll
    void start() {
        host.createUser("max", "user");
        token = host.login("max", TestHost.password("max"));
    }


    @Test
    void setsAndGetsTypedGlobalParameters() {
        JsonNode set = json(expect(200, host.call("default", "session.set-parameters", """
                {"inputs": {"scope": "GLOBAL", "parameters": [
                  {"name": "qty", "dataType": "INTEGER", "value": "3"},
                  {"name": "price", "dataType": "NUMBER", "value": 1.50},
                  {"name": "at", "dataType": "DATETIME", "value": "2026-11-22T10:15:30+01:00"}]}}""", token)));
        assertEquals("{\"qty\":3,\"price\":1.50,\"at\":\"2026-11-22T10:15:30+01:00\"}", set.path("output").toString());
        assertEquals("{}", set.path("message").toString());
        JsonNode meta = set.path("meta");
        assertEquals("session.set-parameters", meta.path("method").asText());
        assertEquals("session-plugin", meta.path("plugin").asText());
        assertFalse(meta.path("executionId").asText().isEmpty());
        assertTrue(meta.path("version").isIntegralNumber());

        JsonNode got = json(expect(200, host.call("default", "session.get-parameters", """
                {"inputs": {"scope": "GLOBAL", "parameters": [{"name": "qty"}, {"name": "price"}, {"name": "username"},
                 {"name": "nope"}]}}""", token)));
        assertEquals("{\"qty\":3,\"price\":1.50,\"username\":\"max\"}", got.path("output").toString());
    }

    @Test
    void globalSessionsExpireAfterTheirAppsIdleTimeoutOrTheHostDefault() {
        expect(201, host.post("/api/apps", "{\"id\": \"brief\", \"sessionIdleTimeoutSeconds\": 60}",
                host.adminToken()));
        String set = "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"seen\", "
                + "\"dataType\": \"BOOLEAN\", \"value\": true}]}}";
        String get = "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"seen\"}]}}";
        expect(200, host.call("brief", "session.set-parameters", set, token));
        expect(200, host.call("default", "session.set-parameters", set, token));

        host.clock().advance(Duration.ofSeconds(61));

        assertEquals("{}", json(expect(200, host.call("brief", "session.get-parameters", get, token)))
                .path("output").toString());
        assertEquals("{\"seen\":true}", json(expect(200, host.call("default", "session.get-parameters", get, token)))
                .path("output").toString());
    }

    @Test
    void expressionsAreEvaluatedBeforeTheInputsAreValidated() {
        JsonNode set = json(expect(200, host.call("default", "session.set-parameters", """
                {"inputs": {"scope": "GLOBAL", "parameters": [
                  {"name": "sku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"},
                  {"name": "count", "dataType": "INTEGER", "valueType": "EXPRESSION", "value": "{{ message.count }}"},
                  {"name": "who", "dataType": "STRING", "valueType": "EXPRESSION",
                   "value": "{{ user.username }} via {{ request.headers.content-type }}"}]},
                 "message": {"sku": "A-1", "count": "7"}}""", token)));
        assertEquals("{\"sku\":\"A-1\",\"count\":7,\"who\":\"max via application/json\"}",
                set.path("output").toString());
        assertEquals("{\"sku\":\"A-1\",\"count\":\"7\"}", set.path("message").toString());
    }

    @Test
    void aValueHolderMakesAnyInputAnExpressionAgainstTheCallsMessage() {
        JsonNode set = json(expect(200, host.call("default", "session.set-parameters", """
                {"inputs": {"scope": {"valueType": "EXPRESSION", "value": "{{ message.where }}"}, "parameters": [
                  {"name": "held", "dataType": "BOOLEAN", "value": true}]},
                 "message": {"where": "GLOBAL"}}""", token)));
        assertTrue(set.path("output").path("held").asBoolean());
        JsonNode got = json(expect(200, host.call("default", "session.get-parameters", """
                {"inputs": {"scope": "GLOBAL", "parameters": [{"name": "held"}]}}""", token)));
        assertTrue(got.path("output").path("held").asBoolean(), "the value holder chose the GLOBAL scope");
    }

    @Test
    void eachCallHasItsOwnLocalSessionEndedWhenItReturns() {
        long before = json(host.get("/health", null)).path("sessionStore").path("bytesUsed").asLong();
        expect(200, host.call("default", "session.set-parameters", """
                {"inputs": {"parameters": [{"name": "big", "dataType": "STRING", "value": "%s"}]}}"""
                .formatted("y".repeat(5000)), null));
        JsonNode got = json(expect(200, host.call("default", "session.get-parameters",
                "{\"inputs\": {\"parameters\": [{\"name\": \"big\"}]}}", null)));
        assertEquals("{}", got.path("output").toString());
        long after = json(host.get("/health", null)).path("sessionStore").path("bytesUsed").asLong();
        assertEquals(before, after);
    }

    @Test
    void unknownAppsAndMethodsAre404WithAHint() {
        JsonNode app = json(expect(404, host.call("nope", "session.exists", "{}", token)));
        assertEquals("APP_NOT_FOUND", app.path("error").path("code").asText());
        assertTrue(app.path("error").path("message").asText().contains("GET /api/apps"));

        JsonNode method = json(expect(404, host.call("default", "session.nope", "{}", token)));
        assertEquals("METHOD_NOT_FOUND", method.path("error").path("code").asText());
        assertTrue(method.path("error").path("message").asText().contains("GET /api/plugins"));
        assertTrue(method.path("error").path("details").path("knownMethods").toString()
                .contains("session.get-parameters"));
    }

    @Test
    void inputsThatBreakTheDescriptorAre400WithEveryViolation() {
        JsonNode error = json(expect(400, host.call("default", "session.set-parameters", """
                {"inputs": {"scope": "EVERYWHERE", "parameters": [{"name": "qty", "dataType": "INTEGER",
                 "value": "4.5"}]}}""", token))).path("error");
        assertEquals("INVALID_INPUT", error.path("code").asText());
        JsonNode violations = error.path("details").path("violations");
        assertEquals("scope", violations.get(0).path("field").asText());
        assertEquals("NOT_ALLOWED", violations.get(0).path("code").asText());
        assertEquals("parameters[0].value", violations.get(1).path("field").asText());
        assertEquals("TYPE_MISMATCH", violations.get(1).path("code").asText());

        assertError(400, "INVALID_MESSAGE", host.call("default", "session.exists",
                "{\"message\": [1]}", token));
        assertError(400, "UNKNOWN_FIELD", host.call("default", "session.exists",
                "{\"input\": {}}", token));
        assertError(400, "EXPRESSION_SYNTAX", host.call("default", "session.set-parameters", """
                {"inputs": {"parameters": [{"name": "a", "dataType": "STRING", "valueType": "EXPRESSION",
                 "value": "{{ message. }}"}]}}""", token));
    }

    @Test
    void userMethodsAndGlobalScopeNeedAToken() {
        assertError(401, "AUTHENTICATION_REQUIRED", host.call("default", "session.get-username", "{}", null));
        assertEquals("max", json(expect(200, host.call("default", "session.get-username", "{}", token)))
                .path("output").asText());
        assertEquals(401, host.call("default", "session.get-parameters",
                "{\"inputs\": {\"scope\": \"GLOBAL\", \"parameters\": [{\"name\": \"qty\"}]}}", null).code());
        assertEquals(401, host.call("default", "session.set-parameters", """
                {"inputs": {"parameters": [{"name": "a", "dataType": "STRING", "valueType": "EXPRESSION",
                 "value": "{{ session.global.qty }}"}]}}""", null).code());
    }

    @Test
    void anEmptyBodyIsACallWithoutInputsAndTheMessagePassesThrough() {
        JsonNode exists = json(expect(200, host.call("default", "session.exists", "", null)));
        assertFalse(exists.path("output").asBoolean());
        assertEquals("{}", exists.path("message").toString());

        JsonNode managed = json(expect(200, host.call("default", "session.manage", """
                {"inputs": {"operation": "GET_DATA", "sessionType": "GLOBAL", "fields": ["username"]},
                 "message": {"order": 1}}""", token)));
        assertEquals("{\"order\":1,\"username\":\"max\"}", managed.path("message").toString());
    }

    @Test
    void aTokenSessionIsReachableThroughItsToken() {
        String sessionToken = json(expect(200, host.call("default", "session.start", "{}", null)))
                .path("output").path("token").asText();
        expect(200, host.call("default", "session.set-parameters", """
                {"inputs": {"scope": "TOKEN", "token": "%s", "parameters": [{"name": "basket", "dataType": "ARRAY",
                 "value": ["sku-1"]}]}}""".formatted(sessionToken), null));
        JsonNode got = json(expect(200, host.call("default", "session.get-parameters", """
                {"inputs": {"scope": "TOKEN", "token": "%s", "parameters": [{"name": "basket"}]}}"""
                .formatted(sessionToken), null)));
        assertEquals("{\"basket\":[\"sku-1\"]}", got.path("output").toString());
        expect(404, host.call("default", "session.get-parameters", """
                {"inputs": {"scope": "TOKEN", "token": "not-the-token", "parameters": [{"name": "basket"}]}}""", null));
    }

    @Test
    void aNameGivenTwiceInOneObjectIsNamedInTheError() {
        Response response = expect(400, host.post("/api/auth/login",
                "{\"username\": \"admin\", \"username\": \"x\", \"password\": \"p\"}", null));
        assertEquals("INVALID_JSON", errorCode(response));
        JsonNode error = json(response).path("error");
        assertEquals("username", error.path("details").path("repeated").asText());
        assertEquals(1, error.path("details").path("line").asInt());
        assertTrue(error.path("message").asText().contains("gives the name 'username' twice"), error::toString);
    }

    @Test
    void jsonNestedBeyondTheParsersLimitIs400NotA500() {
        String deep = "{\"inputs\": " + "{\"a\": ".repeat(1500) + "1" + "}".repeat(1500) + "}";
        Response response = expect(400, host.post("/api/apps/default/methods/session.exists", deep, null));
        assertEquals("INVALID_JSON", errorCode(response));
        assertTrue(json(response).path("error").path("message").asText().contains("JSON limit"));
    }
}

package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.fieldNames;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PluginAndHealthRoutesTest {
    private static final List<String> METHOD_KEYS = List.of("id", "name", "description", "details", "requiresUser",
            "inputs", "output", "example");
    private static final List<String> INPUT_KEYS = List.of("id", "name", "help", "dataType", "required",
            "defaultValue", "allowedValues", "secret", "typeFrom", "showWhen", "fields");

    @RegisterExtension
    static final TestHost host = TestHost.perClass();



    @Test
    void signedInUsersSeeEveryPluginWithItsMethodDescriptors() {
        host.createUser("pia", "user");
        JsonNode plugins = json(expect(200, host.get("/api/plugins", host.login("pia", TestHost.password("pia")))));
        assertEquals(1, plugins.size());
        JsonNode plugin = plugins.get(0);
        assertEquals("session-plugin", plugin.path("id").asText());
        assertEquals("0.1.0", plugin.path("version").asText());
        assertEquals("STARTED", plugin.path("state").asText());
        assertFalse(plugin.path("name").asText().isEmpty());
        assertFalse(plugin.path("description").asText().isEmpty());
        assertTrue(plugin.path("error").isMissingNode());

        for (JsonNode method : plugin.path("methods")) {
            assertEquals(METHOD_KEYS, fieldNames(method), method.path("id").asText());
            assertEquals(List.of("dataType", "help"), fieldNames(method.path("output")));
            for (JsonNode input : method.path("inputs")) {
                assertEquals(INPUT_KEYS, fieldNames(input), method.path("id") + "." + input.path("id"));
            }
        }
        assertEquals(List.of("session.exists", "session.set-parameters", "session.update-parameters",
                "session.get-parameters", "session.delete-parameters", "session.get-username", "session.get-userid",
                "session.get-roleid", "session.manage", "session.start", "session.end", "session.clear",
                "session.touch", "session.info",
                "session.open"), texts(plugin.path("methods"), "id"));

        JsonNode set = plugin.path("methods").get(1);
        JsonNode scope = input(set, "scope");
        assertEquals("STRING", scope.path("dataType").asText());
        assertEquals("LOCAL", scope.path("defaultValue").asText());
        assertTrue(scope.path("allowedValues").toString().contains("GLOBAL"));
        assertEquals("[\"SHARED\"]", input(set, "sessionName").path("showWhen").path("scope").toString());
        assertTrue(input(set, "token").path("secret").asBoolean());
        JsonNode value = input(input(set, "parameters"), "value");
        assertEquals("dataType", value.path("typeFrom").asText());
        assertTrue(value.path("dataType").isNull());
        assertEquals("OBJECT", set.path("output").path("dataType").asText());
        assertTrue(plugin.path("methods").get(5).path("requiresUser").asBoolean(), "session.get-username");
    }

    @Test
    void pluginsNeedASignedInUser() {
        assertError(401, "AUTHENTICATION_REQUIRED", host.get("/api/plugins", null));
    }

    @Test
    void healthAnswersAnyoneWithVersionPluginsAndStoreBytes() {
        JsonNode health = json(expect(200, host.get("/health", null)));
        assertEquals("UP", health.path("status").asText());
        assertEquals(HostVersion.current(), health.path("version").asText());
        assertEquals(1, health.path("plugins").path("installed").asInt());
        assertEquals(1, health.path("plugins").path("started").asInt());
        long before = health.path("sessionStore").path("bytesUsed").asLong();

        expect(200, host.call("default", "session.set-parameters", "{\"inputs\":{\"scope\":\"GLOBAL\",\"parameters\":"
                + "[{\"name\":\"blob\",\"dataType\":\"STRING\",\"value\":\"" + "x".repeat(1000) + "\"}]}}",
                host.adminToken()));
        long after = json(host.get("/health", null)).path("sessionStore").path("bytesUsed").asLong();
        assertTrue(after >= before + 1000, before + " -> " + after);
    }

    private static JsonNode input(JsonNode owner, String id) {
        JsonNode inputs = owner.has("inputs") ? owner.path("inputs") : owner.path("fields");
        for (JsonNode input : inputs) {
            if (input.path("id").asText().equals(id)) return input;
        }
        throw new AssertionError("no input '" + id + "' in " + owner.path("id"));
    }

}

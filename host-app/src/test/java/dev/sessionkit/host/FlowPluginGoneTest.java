package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flow whose step's plugin was removed or disabled fails with an error naming the plugin. */
class FlowPluginGoneTest {
    @TempDir
    Path dataDir;

    @Test
    void aStepOfARemovedOrDisabledPluginNamesThePlugin() throws IOException {
        TestHost host = TestHost.startWithTestPlugin(dataDir);
        host.createApp("""
                {"id": "gone", "flows": [{"id": "uses-test", "trigger": {"method": "POST", "path": "/x", "auth": "NONE"},
                  "steps": [{"id": "value", "method": "test.value", "input": {"value": 1}}]}]}""");
        expect(200, host.post("/run/gone/x", "{}", null));

        String admin = host.adminToken();
        expect(200, host.post("/api/plugins/test-plugin/disable", "", admin));
        assertPluginNamed(host);
        host = host.restart();
        assertPluginNamed(host);

        expect(200, host.delete("/api/plugins/test-plugin", host.adminToken()));
        try {
            assertPluginNamed(host);
            // The app stays editable: its step of the removed plugin is kept as saved ...
            String token = host.adminToken();
            ObjectNode app = (ObjectNode) json(expect(200, host.get("/api/apps/gone", token)));
            app.put("name", "Still editable");
            expect(200, host.send("/api/apps/gone", request -> request.header("Authorization",
                    "Bearer " + token).header("Content-Type", "application/json"),
                    request -> request.put(BodyPublishers.ofString(app.toString()))));
            // ... but a step naming a method nobody ever installed is refused.
            ObjectNode typo = (ObjectNode) json(expect(200, host.get("/api/apps/gone", token)));
            ((ObjectNode) typo.path("flows").path(0).path("steps").path(0)).remove("plugin");
            assertEquals("UNKNOWN_METHOD", json(expect(400, host.send("/api/apps/gone", request -> request
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json"),
                    request -> request.put(BodyPublishers.ofString(typo.toString()))))).path("error").path("code")
                    .asText());
        } finally {
            host.close();
        }
    }

    private static void assertPluginNamed(TestHost host) {
        JsonNode error = json(expect(500, host.post("/run/gone/x", "{}", null))).path("error");
        assertEquals("PLUGIN_UNAVAILABLE", error.path("code").asText());
        assertEquals("test-plugin", error.path("details").path("pluginId").asText());
        assertEquals("value", error.path("details").path("stepId").asText());
        assertTrue(error.path("message").asText().contains("plugin 'test-plugin'"), error.toString());
    }
}

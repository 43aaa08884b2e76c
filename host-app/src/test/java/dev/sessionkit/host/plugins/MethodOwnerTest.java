package dev.sessionkit.host.plugins;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.testplugins.TestPluginJars;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After its plugin is removed, a call to a method names the plugin that provided it, not another plugin that offered
 * the same method id without getting it (test-plugin and clash-plugin both offer test.echo; test-plugin, loaded
 * first, provides it).
 */
class MethodOwnerTest {
    @TempDir
    Path dataDir;

    private TestHost start() {
        Path plugins = dataDir.resolve("plugins");
        TestPluginJars.builtSessionPlugin(plugins);
        TestPluginJars.working(plugins);
        TestPluginJars.clashing(plugins);
        return TestHost.start(dataDir).requireSessionPlugin();
    }

    private static JsonNode gone(TestHost host) {
        Response response = host.call("default", "test.echo", "{}", null);
        assertError(404, "METHOD_NOT_FOUND", response);
        return json(response).path("error");
    }

    @Test
    void theOwnerIsNamedWhenThePluginThatNeverHadTheMethodWasRemovedFirst() {
        try (TestHost host = start()) {
            String admin = host.adminToken();
            expect(200, host.delete("/api/plugins/clash-plugin", admin));
            expect(200, host.delete("/api/plugins/test-plugin", admin));
            JsonNode error = gone(host);
            assertEquals("test-plugin", error.path("details").path("pluginId").asText(), error.toString());
            assertTrue(error.path("message").asText().contains("'test-plugin'"), error.toString());
        }
        try (TestHost restarted = TestHost.start(dataDir)) {
            assertEquals("test-plugin", gone(restarted).path("details").path("pluginId").asText(),
                    "the owner is kept in installed.json");
        }
    }

    @Test
    void thePluginThatTookTheMethodOverIsItsOwnerThen() {
        try (TestHost host = start()) {
            String admin = host.adminToken();
            expect(200, host.delete("/api/plugins/test-plugin", admin));
            assertEquals("clash-plugin", json(expect(200, host.call("default", "test.echo", "{}", null)))
                    .path("meta").path("plugin").asText());
            expect(200, host.delete("/api/plugins/clash-plugin", admin));
            assertEquals("clash-plugin", gone(host).path("details").path("pluginId").asText());
        }
    }
}

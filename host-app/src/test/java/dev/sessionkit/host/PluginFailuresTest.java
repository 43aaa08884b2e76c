package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.errorCode;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.testplugins.ExplodingMethod;
import dev.sessionkit.host.testplugins.TestPluginJars;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugins directory with the session plugin, a working test plugin, a plugin clashing with it, a plugin whose start
 * fails, a plugin for a future host and a file that is not a jar: the host starts, runs what works and reports the
 * rest.
 */
class PluginFailuresTest {
    @TempDir
    static Path dataDir;
    static TestHost host;
    static Map<String, JsonNode> plugins;

    @BeforeAll
    static void start() {
        Path directory = dataDir.resolve("plugins");
        TestPluginJars.builtSessionPlugin(directory);
        TestPluginJars.working(directory);
        TestPluginJars.clashing(directory);
        TestPluginJars.failing(directory);
        TestPluginJars.broken(directory);
        TestPluginJars.requiringAFutureHost(directory);
        host = TestHost.start(dataDir);
        plugins = new LinkedHashMap<>();
        for (JsonNode plugin : json(expect(200, host.get("/api/plugins", host.adminToken())))) {
            plugins.put(plugin.path("id").asText(), plugin);
        }
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void failedPluginsMakeTheHostNotReadyNamingThemWhileItStaysLive() {
        expect(200, host.get("/health/live", null));
        JsonNode ready = json(expect(503, host.get("/health/ready", null)));
        assertEquals("DOWN", ready.path("status").asText());
        JsonNode plugins = ready.at("/components/plugins");
        assertEquals("DOWN", plugins.path("status").asText(), ready.toString());
        assertEquals(java.util.List.of("d-broken", "failing-plugin"), TestHost.texts(plugins.at("/details/failed"),
                "id").stream().sorted().toList(), ready.toString());
        assertTrue(plugins.at("/details/problem").asText().contains("plugins failed"), ready.toString());
        assertEquals("UP", ready.at("/components/sessionStore/status").asText(), ready.toString());
        assertEquals("UP", ready.at("/components/dataDirectory/status").asText(), ready.toString());
    }

    @Test
    void workingPluginsStartAndTheOthersAreReportedWithTheirError() {
        assertEquals("STARTED", plugins.get("session-plugin").path("state").asText());
        JsonNode test = plugins.get("test-plugin");
        assertEquals("STARTED", test.path("state").asText());
        assertEquals("Test methods", test.path("name").asText());
        assertEquals("Methods for host tests", test.path("description").asText());
        assertEquals(4, test.path("methods").size(), "test.echo, test.explode, test.block, test.value");

        JsonNode failing = plugins.get("failing-plugin");
        assertEquals("FAILED", failing.path("state").asText());
        assertTrue(failing.path("error").asText().contains("Intentional failure for testing"), failing.toString());
        assertEquals(0, failing.path("methods").size());

        JsonNode broken = plugins.get("d-broken");
        assertEquals("FAILED", broken.path("state").asText());
        assertTrue(broken.path("error").asText().startsWith("The jar d-broken.jar could not be loaded"),
                broken.toString());

        JsonNode future = plugins.get("future-plugin");
        assertEquals("DISABLED", future.path("state").asText());
        assertEquals("It requires host version >=99.0.0; this host is " + HostVersion.current() + ".",
                future.path("error").asText());

        JsonNode health = json(host.get("/health", null));
        assertEquals(6, health.path("plugins").path("installed").asInt());
        assertEquals(3, health.path("plugins").path("started").asInt());
    }

    @Test
    void aMethodIdClashKeepsTheFirstPluginsMethodAndWarnsAboutTheSecond() {
        JsonNode clash = plugins.get("clash-plugin");
        assertEquals("STARTED", clash.path("state").asText());
        assertEquals(0, clash.path("methods").size());
        assertEquals("Method 'test.echo' is already provided by plugin 'test-plugin'; this plugin's one is ignored.",
                clash.path("warnings").path(0).asText());
        JsonNode echo = json(expect(200, host.call("default", "test.echo", "{\"inputs\": {\"value\": [1]}}", null)));
        assertEquals("test-plugin", echo.path("meta").path("plugin").asText());
    }

    @Test
    void methodsRunInTheirPluginsClassLoader() {
        JsonNode output = json(expect(200, host.call("default", "test.echo", "{\"inputs\": {\"value\": {\"a\": 1}}}",
                null))).path("output");
        assertEquals("{\"a\":1}", output.path("value").toString());
        assertTrue(output.path("loadedByPlugin").asBoolean());
        assertTrue(output.path("contextClassLoaderIsPlugin").asBoolean());
    }

    @Test
    void aMethodThatThrowsIs500MethodFailedNamingMethodAndPluginButNotItsInternals() {
        long bytesBefore = json(host.get("/health", null)).path("sessionStore").path("bytesUsed").asLong();
        Response response = expect(500, host.call("default", "test.explode", "{}", null));
        assertEquals("METHOD_FAILED", errorCode(response));
        JsonNode details = json(response).path("error").path("details");
        assertEquals("test.explode", details.path("methodId").asText());
        assertEquals("test-plugin", details.path("pluginId").asText());
        assertFalse(TestHost.body(response).contains(ExplodingMethod.INTERNALS), TestHost.body(response));
        long bytesAfter = json(expect(200, host.get("/health", null))).path("sessionStore").path("bytesUsed").asLong();
        assertEquals(bytesBefore, bytesAfter, "the failed call's LOCAL session was not ended");
    }
}

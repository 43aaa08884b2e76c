package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.assertError;
import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.TestHost.texts;
import static dev.sessionkit.host.marketplace.MarketplaceHost.jars;
import static dev.sessionkit.host.marketplace.MarketplaceHost.methods;
import static dev.sessionkit.host.marketplace.MarketplaceHost.offer;
import static dev.sessionkit.host.marketplace.MarketplaceHost.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marketplace routes over a real host: listing, install, update, disable, enable, uninstall, restart. */
class MarketplaceRoutesTest {
    @TempDir
    Path root;
    TestHost host;
    String admin;

    @BeforeEach
    void start() {
        host = MarketplaceHost.start(root);
        admin = host.adminToken();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void onlyAdminsReachTheMarketplace() {
        host.createUser("bob", "builder");
        String builder = host.login("bob", TestHost.password("bob"));
        assertError(401, "AUTHENTICATION_REQUIRED", host.get("/api/marketplace", null));
        assertError(403, "FORBIDDEN", host.get("/api/marketplace", builder));
        assertError(403, "FORBIDDEN", host.post("/api/marketplace/hello-plugin/install", "", builder));
        assertError(403, "FORBIDDEN", host.post("/api/plugins/session-plugin/update", "", builder));
        assertError(403, "FORBIDDEN", host.post("/api/plugins/session-plugin/disable", "", builder));
        assertError(403, "FORBIDDEN", host.post("/api/plugins/session-plugin/enable", "", builder));
        assertError(403, "FORBIDDEN", host.delete("/api/plugins/session-plugin", builder));
        assertError(403, "FORBIDDEN", host.get("/api/plugins/session-plugin/flows", builder));
        assertEquals("STARTED", plugin(host, "session-plugin").orElseThrow().path("state").asText());
    }

    @Test
    void theListingDescribesEveryPluginForAUi() {
        JsonNode listing = json(expect(200, host.get("/api/marketplace", admin)));
        assertEquals("0.1.0", listing.path("hostVersion").asText());
        assertEquals(List.of("bundled", "fixtures"), texts(listing.path("repositories"), "id"));
        listing.path("repositories").forEach(r -> assertTrue(r.path("error").isNull(), r.toString()));

        JsonNode session = offer(host, "session-plugin");
        assertEquals("Session", session.path("name").asText());
        assertEquals("Sessionkit", session.path("provider").asText());
        String description = session.path("description").asText();
        assertTrue(description.startsWith("Typed session data for flows") && !description.contains("session-plugin")
                && !description.contains("  "), "a description says what the plugin does, without ids: " + description);
        assertEquals("bundled", session.path("repository").asText());
        assertEquals("0.1.0", session.path("installedVersion").asText());
        assertEquals("STARTED", session.path("state").asText());
        assertFalse(session.path("updateAvailable").asBoolean());
        assertTrue(session.path("compatible").asBoolean());

        JsonNode hello = offer(host, "hello-plugin");
        assertEquals(List.of("id", "name", "description", "provider", "projectUrl", "repository", "releases",
                "latestVersion", "installedVersion", "state", "updateAvailable", "compatible", "reason", "error"),
                TestHost.fieldNames(hello));
        assertEquals(List.of("2.0.0", "1.0.0"), texts(hello.path("releases"), "version"));
        assertEquals(List.of("version", "date", "requires", "sha512sum", "compatible", "installable", "reason"),
                TestHost.fieldNames(hello.path("releases").get(0)));
        assertTrue(hello.path("releases").get(0).path("sha512sum").asText().matches("[0-9a-f]{128}"),
                hello.toString());
        assertEquals("2026-01-15", hello.path("releases").get(0).path("date").asText());
        assertEquals("2.0.0", hello.path("latestVersion").asText());
        assertTrue(hello.path("installedVersion").isNull());
        assertEquals("NOT_INSTALLED", hello.path("state").asText());

        JsonNode future = offer(host, "future-plugin");
        assertFalse(future.path("compatible").asBoolean());
        assertTrue(future.path("reason").asText().contains(">=99.0.0"), future.toString());
        assertFalse(future.path("releases").get(0).path("installable").asBoolean());

        JsonNode unsigned = offer(host, "unsigned-plugin");
        assertTrue(unsigned.path("compatible").asBoolean());
        assertFalse(unsigned.path("releases").get(0).path("installable").asBoolean());
        assertTrue(unsigned.path("releases").get(0).path("reason").asText().contains("sha512sum"));
        assertTrue(unsigned.path("releases").get(0).path("sha512sum").isNull());
    }

    @Test
    void installUpdateDisableEnableAndUninstallTakeEffectAtOnce() {
        // install an older release: its method appears at once and can be called
        JsonNode installed = json(expect(200, host.post("/api/marketplace/hello-plugin/install",
                "{\"version\": \"1.0.0\"}", admin)));
        assertEquals("1.0.0", installed.path("version").asText());
        assertEquals("STARTED", installed.path("state").asText());
        assertEquals(List.of("test.echo"), methods(plugin(host, "hello-plugin").orElseThrow()));
        expect(200, host.call("default", "test.echo", "{\"inputs\": {\"value\": 1}}", admin));
        assertTrue(offer(host, "hello-plugin").path("updateAvailable").asBoolean());
        assertError(409, "PLUGIN_ALREADY_INSTALLED", host.post("/api/marketplace/hello-plugin/install", "", admin));

        // update to the newest: the new method appears, the old jar is gone
        JsonNode updated = json(expect(200, host.post("/api/plugins/hello-plugin/update", "", admin)));
        assertEquals("2.0.0", updated.path("version").asText());
        assertEquals(List.of("test.block", "test.echo"), methods(plugin(host, "hello-plugin").orElseThrow()));
        assertEquals(List.of("hello-plugin-2.0.0.jar", "session-plugin-0.1.0.jar"), jars(host));
        assertError(409, "NO_UPDATE", host.post("/api/plugins/hello-plugin/update", "", admin));
        assertError(409, "DOWNGRADE_REFUSED", host.post("/api/plugins/hello-plugin/update",
                "{\"version\": \"1.0.0\"}", admin));

        // disable: the methods leave; a call names the plugin
        assertEquals("DISABLED", json(expect(200, host.post("/api/plugins/hello-plugin/disable", "", admin)))
                .path("state").asText());
        assertEquals(List.of(), methods(plugin(host, "hello-plugin").orElseThrow()));
        JsonNode gone = json(expect(404, host.call("default", "test.echo", "{\"inputs\": {}}", admin)));
        assertEquals("hello-plugin", gone.path("error").path("details").path("pluginId").asText(), gone.toString());
        assertTrue(gone.path("error").path("message").asText().contains("disabled"), gone.toString());

        // enable: back at once
        assertEquals("STARTED", json(expect(200, host.post("/api/plugins/hello-plugin/enable", "", admin)))
                .path("state").asText());
        expect(200, host.call("default", "test.echo", "{\"inputs\": {\"value\": 2}}", admin));

        // uninstall: gone, jar deleted; calls name the plugin
        JsonNode removal = json(expect(200, host.delete("/api/plugins/hello-plugin", admin)));
        assertEquals("hello-plugin", removal.path("removed").path("id").asText());
        assertEquals(0, removal.path("affectedFlows").size());
        assertTrue(plugin(host, "hello-plugin").isEmpty());
        assertEquals(List.of("session-plugin-0.1.0.jar"), jars(host));
        JsonNode removed = json(expect(404, host.call("default", "test.echo", "{\"inputs\": {}}", admin)));
        assertTrue(removed.path("error").path("message").asText().contains("'hello-plugin', which is not installed"),
                removed.toString());
        assertError(404, "PLUGIN_NOT_INSTALLED", host.delete("/api/plugins/hello-plugin", admin));
        assertError(404, "PLUGIN_NOT_INSTALLED", host.post("/api/plugins/hello-plugin/enable", "", admin));
    }

    @Test
    void removingAPluginThatFlowsUseListsThoseFlows() {
        expect(200, host.post("/api/marketplace/hello-plugin/install", "", admin));
        expect(201, host.post("/api/apps", """
                {"id": "shop", "flows": [
                  {"id": "echo", "name": "Echo", "trigger": {"method": "POST", "path": "/echo", "auth": "NONE"},
                   "steps": [
                    {"id": "first", "method": "test.echo"},
                    {"id": "each", "type": "for-each", "items": "{{ message.items }}",
                     "steps": [{"id": "inner", "method": "test.block"}]},
                    {"id": "both", "type": "parallel", "branches": [
                      {"id": "l", "steps": [{"id": "left", "method": "session.get-parameters",
                                             "input": {"parameters": [{"name": "a"}]}}]},
                      {"id": "r", "steps": [{"id": "right", "method": "test.echo"}]}]}]},
                  {"id": "other", "name": "Other", "trigger": {"method": "GET", "path": "/other", "auth": "NONE"},
                   "steps": [{"id": "s", "method": "session.exists"}]}]}""",
                admin));
        // asked before a change, and while the plugin is disabled, the host names the same flows
        JsonNode before = json(expect(200, host.get("/api/plugins/hello-plugin/flows", admin)));
        assertEquals("hello-plugin", before.path("pluginId").asText());
        expect(200, host.post("/api/plugins/hello-plugin/disable", "", admin));
        JsonNode whileDisabled = json(expect(200, host.get("/api/plugins/hello-plugin/flows", admin)));
        assertEquals(before, whileDisabled);
        assertEquals(List.of("echo", "other"), texts(json(expect(200, host.get("/api/plugins/session-plugin/flows",
                admin))).path("flows"), "flowId"));
        JsonNode removal = json(expect(200, host.delete("/api/plugins/hello-plugin", admin)));
        assertEquals(before.path("flows"), removal.path("affectedFlows"));
        assertError(404, "PLUGIN_NOT_INSTALLED", host.get("/api/plugins/hello-plugin/flows", admin));
        JsonNode affected = removal.path("affectedFlows");
        assertEquals(1, affected.size(), removal.toString());
        assertEquals("shop", affected.get(0).path("appId").asText());
        assertEquals("echo", affected.get(0).path("flowId").asText());
        assertEquals("Echo", affected.get(0).path("flowName").asText());
        assertEquals("[\"first\",\"inner\",\"right\"]", affected.get(0).path("stepIds").toString());
        assertEquals("[\"test.block\",\"test.echo\"]", affected.get(0).path("methods").toString());
    }

    @Test
    void installedDisabledAndRemovedStateSurvivesARestart() throws Exception {
        expect(200, host.post("/api/marketplace/hello-plugin/install", "", admin));
        expect(200, host.post("/api/marketplace/flaky-plugin/install", "{\"version\": \"1.0.0\"}", admin));
        expect(200, host.post("/api/plugins/flaky-plugin/disable", "", admin));
        expect(200, host.delete("/api/plugins/session-plugin", admin));

        host = host.restart();
        admin = host.adminToken();
        assertEquals("STARTED", plugin(host, "hello-plugin").orElseThrow().path("state").asText());
        assertEquals("2.0.0", plugin(host, "hello-plugin").orElseThrow().path("version").asText());
        assertEquals("DISABLED", plugin(host, "flaky-plugin").orElseThrow().path("state").asText());
        assertTrue(plugin(host, "session-plugin").isEmpty(), "a removed bundled plugin stays removed");
        assertEquals("NOT_INSTALLED", offer(host, "session-plugin").path("state").asText());
        assertEquals("STARTED", json(expect(200, host.post("/api/plugins/flaky-plugin/enable", "", admin)))
                .path("state").asText(), "a plugin disabled at start can be enabled");

        // a jar missing at start is reported, not fatal
        host.close();
        Files.delete(host.dataDir().resolve("plugins/hello-plugin-2.0.0.jar"));
        host = host.restart();
        admin = host.adminToken();
        JsonNode missing = plugin(host, "hello-plugin").orElseThrow();
        assertEquals("FAILED", missing.path("state").asText());
        assertTrue(missing.path("error").asText().contains("missing"), missing.toString());
        expect(200, host.delete("/api/plugins/hello-plugin", admin));
        assertTrue(plugin(host, "hello-plugin").isEmpty());
        expect(200, host.post("/api/marketplace/session-plugin/install", "", admin));
        assertEquals("STARTED", plugin(host, "session-plugin").orElseThrow().path("state").asText());
    }
}

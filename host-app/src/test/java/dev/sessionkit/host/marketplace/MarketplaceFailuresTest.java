package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.json;
import static dev.sessionkit.host.marketplace.MarketplaceHost.jars;
import static dev.sessionkit.host.marketplace.MarketplaceHost.methods;
import static dev.sessionkit.host.marketplace.MarketplaceHost.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal says which check failed and leaves the plugins exactly as they were. */
class MarketplaceFailuresTest {
    @TempDir
    static Path root;
    static TestHost host;
    static String admin;
    String pluginsBefore;
    List<String> jarsBefore;

    @BeforeAll
    static void start() {
        host = MarketplaceHost.start(root);
        admin = host.adminToken();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @BeforeEach
    void remember() {
        pluginsBefore = host.get("/api/plugins", admin).body().string();
        jarsBefore = jars(host);
    }

    /** Asserts the refusal and that nothing changed. @return the error */
    private JsonNode refused(int status, String code, Response response) {
        JsonNode error = json(expect(status, response)).path("error");
        assertEquals(code, error.path("code").asText(), error.toString());
        assertEquals(pluginsBefore, host.get("/api/plugins", admin).body().string(), "the plugins changed");
        assertEquals(jarsBefore, jars(host), "the plugins directory changed");
        return error;
    }

    @Test
    void aChecksumMismatchIsRefused() {
        JsonNode error = refused(422, "CHECKSUM_MISMATCH",
                host.post("/api/marketplace/tampered-plugin/install", "", admin));
        assertEquals("tampered-plugin", error.path("details").path("pluginId").asText());
        assertTrue(error.path("message").asText().contains("does not match"), error.toString());
    }

    @Test
    void aMissingChecksumIsRefused() {
        JsonNode error = refused(422, "CHECKSUM_MISSING",
                host.post("/api/marketplace/unsigned-plugin/install", "", admin));
        assertTrue(error.path("message").asText().contains("sha512sum"), error.toString());
    }

    @Test
    void aRequiresRangeThatExcludesThisHostIsRefused() {
        JsonNode error = refused(409, "PLUGIN_INCOMPATIBLE",
                host.post("/api/marketplace/future-plugin/install", "", admin));
        assertTrue(error.path("details").path("reason").asText().contains(">=99.0.0"), error.toString());
        refused(409, "PLUGIN_INCOMPATIBLE",
                host.post("/api/marketplace/future-plugin/install", "{\"version\": \"1.0.0\"}", admin));
    }

    @Test
    void anArchiveWithUnsafeEntryPathsIsRefused() {
        JsonNode error = refused(422, "UNSAFE_ARCHIVE",
                host.post("/api/marketplace/unsafe-plugin/install", "", admin));
        assertEquals("../escape.txt", error.path("details").path("entry").asText());
    }

    @Test
    void aJarThatIsNotThePluginTheIndexAnnouncesIsRefused() {
        JsonNode error = refused(422, "NOT_A_PLUGIN",
                host.post("/api/marketplace/impostor-plugin/install", "", admin));
        assertEquals("hello-plugin", error.path("details").path("manifestId").asText(), error.toString());
    }

    @Test
    void aPluginThatFailsToStartIsRefusedAndLeavesNoJar() {
        JsonNode error = refused(422, "PLUGIN_START_FAILED",
                host.post("/api/marketplace/failing-plugin/install", "", admin));
        assertEquals("failing-plugin", error.path("details").path("pluginId").asText());
    }

    @Test
    void aSecondPluginWithAnInstalledIdIsRefused() {
        refused(409, "PLUGIN_ALREADY_INSTALLED", host.post("/api/marketplace/session-plugin/install", "", admin));
    }

    @Test
    void unknownPluginsReleasesAndBadBodiesAreRefused() {
        refused(404, "PLUGIN_NOT_IN_MARKETPLACE", host.post("/api/marketplace/no-such-plugin/install", "", admin));
        JsonNode error = refused(404, "RELEASE_NOT_FOUND",
                host.post("/api/marketplace/hello-plugin/install", "{\"version\": \"9.9.9\"}", admin));
        assertEquals("[\"2.0.0\",\"1.0.0\"]", error.path("details").path("releases").toString());
        refused(400, "INVALID_VERSION",
                host.post("/api/marketplace/hello-plugin/install", "{\"version\": \"latest\"}", admin));
        refused(400, "UNKNOWN_FIELD",
                host.post("/api/marketplace/hello-plugin/install", "{\"versoin\": \"1.0.0\"}", admin));
        refused(404, "PLUGIN_NOT_INSTALLED", host.post("/api/plugins/hello-plugin/update", "", admin));
        refused(404, "PLUGIN_NOT_INSTALLED", host.post("/api/plugins/hello-plugin/disable", "", admin));
        refused(404, "PLUGIN_NOT_INSTALLED", host.delete("/api/plugins/hello-plugin", admin));
    }

    @Test
    void aFailedUpdateKeepsTheOldVersionRunning() {
        expect(200, host.post("/api/marketplace/flaky-plugin/install", "{\"version\": \"1.0.0\"}", admin));
        try {
            remember();
            JsonNode error = refused(422, "PLUGIN_START_FAILED",
                    host.post("/api/plugins/flaky-plugin/update", "", admin));
            assertEquals("flaky-plugin", error.path("details").path("pluginId").asText());
            JsonNode flaky = plugin(host, "flaky-plugin").orElseThrow();
            assertEquals("1.0.0", flaky.path("version").asText());
            assertEquals("STARTED", flaky.path("state").asText());
            assertEquals(List.of("test.explode"), methods(flaky));
            assertEquals(500, host.call("default", "test.explode", "{\"inputs\": {}}", admin).code(),
                    "the old version's method still runs (and explodes, as it is meant to)");
        } finally {
            expect(200, host.delete("/api/plugins/flaky-plugin", admin));
        }
    }
}

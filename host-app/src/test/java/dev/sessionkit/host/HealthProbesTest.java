package dev.sessionkit.host;

import static dev.sessionkit.host.TestHost.expect;
import static dev.sessionkit.host.TestHost.fieldNames;
import static dev.sessionkit.host.TestHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /health/live} and {@code /health/ready} on a single host: their shape (Spring Boot actuator's), that anyone
 * may call them whatever {@code Authorization} header they send, and a data directory that refuses writes making the
 * host not ready while it stays live. (A failed plugin: {@code PluginFailuresTest}; the session store's disk:
 * {@code SessionPersistenceTest}; Redis down in cluster mode: {@code ClusterSharedLimitsAndHistoryTest}.)
 */
class HealthProbesTest {
    @RegisterExtension
    static final TestHost host = TestHost.perClass();

    @Test
    void liveAnswersUpWithTheVersion() {
        JsonNode live = json(expect(200, host.get("/health/live", null)));
        assertEquals(List.of("status", "version"), fieldNames(live));
        assertEquals("UP", live.path("status").asText());
        assertEquals(HostVersion.current(), live.path("version").asText());
    }

    @Test
    void readyListsEveryComponentUpWithItsDetails() {
        JsonNode ready = json(expect(200, host.get("/health/ready", null)));
        assertEquals(List.of("status", "components"), fieldNames(ready));
        assertEquals("UP", ready.path("status").asText());
        JsonNode components = ready.path("components");
        assertEquals(List.of("sessionStore", "plugins", "dataDirectory"), fieldNames(components));
        components.forEach(component -> assertEquals(List.of("status", "details"), fieldNames(component)));
        assertEquals("memory", components.at("/sessionStore/details/kind").asText());
        assertEquals("everysec", components.at("/sessionStore/details/persistence").asText());
        assertTrue(components.at("/sessionStore/details/bytesUsed").isIntegralNumber(), ready.toString());
        assertEquals(1, components.at("/plugins/details/started").asInt());
        assertEquals("[]", components.at("/plugins/details/failed").toString());
        assertEquals(host.dataDir().toAbsolutePath().normalize().toString(),
                components.at("/dataDirectory/details/path").asText());
        assertTrue(components.at("/dataDirectory/details/problem").isMissingNode());
    }

    @Test
    void probesNeverLookAtTheAuthorizationHeader() {
        for (String path : List.of("/health/live", "/health/ready")) {
            expect(200, host.send(path, request -> request.header("Authorization", "Bearer stale"),
                    request -> request.get()));
        }
    }

    @Test
    void aDataDirectoryThatRefusesWritesMakesTheHostNotReadyButStillLive() throws Exception {
        // The probe file's place taken by a directory: writing it fails as on a read-only or full disk (chmod does
        // not stop root, who runs the build on CI).
        Path probe = host.dataDir().toAbsolutePath().resolve(".ready-probe.tmp");
        Files.createDirectory(probe);
        try {
            JsonNode ready = readyASecondLater(503);
            assertEquals("DOWN", ready.path("status").asText());
            assertEquals("DOWN", ready.at("/components/dataDirectory/status").asText(), ready.toString());
            assertTrue(ready.at("/components/dataDirectory/details/problem").asText()
                    .contains("does not accept writes"), ready.toString());
            assertEquals("UP", ready.at("/components/sessionStore/status").asText(), ready.toString());
            expect(200, host.get("/health/live", null));
            expect(200, host.get("/health", null));
        } finally {
            Files.delete(probe);
        }
        assertEquals("UP", readyASecondLater(200).path("status").asText());
    }

    /** The check keeps its answer for a second of the host's clock: moves the clock past it, then asks. */
    private static JsonNode readyASecondLater(int status) {
        host.clock().advance(Duration.ofSeconds(1));
        return json(expect(status, host.get("/health/ready", null)));
    }
}

package dev.sessionkit.host.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.host.TestHost;
import dev.sessionkit.host.testplugins.EchoMethod;
import dev.sessionkit.host.testplugins.TestPluginJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.test.TestPlugin;

class RepositoryIndexerTest {
    @TempDir
    Path folder;

    private Path jar(String id, String version, String requires) {
        return TestPluginJars.plugin(folder.resolve(id + "-" + version + ".jar"), id, version,
                TestPlugin.class.getName(), Map.of("Plugin-Requires", requires, "Plugin-Name", "Name of " + id,
                        "Plugin-Provider", "Acme"), EchoMethod.class);
    }

    @Test
    void eachJarBecomesAReleaseWithItsRealChecksumAndKnownReleasesKeepTheirDate() throws Exception {
        Path old = jar("demo-plugin", "1.0.0", ">=0.1.0");
        new RepositoryIndexer().index(folder, LocalDate.of(2026, 1, 1));
        jar("demo-plugin", "1.10.0", ">=0.1.0");
        jar("other-plugin", "0.1.0", "");
        new RepositoryIndexer().index(folder, LocalDate.of(2026, 2, 2));

        JsonNode index = TestHost.jsonFile(folder.resolve("plugins.json"));
        assertEquals(2, index.size());
        JsonNode demo = index.get(0);
        assertEquals("demo-plugin", demo.path("id").asText());
        assertEquals("Name of demo-plugin", demo.path("name").asText());
        assertEquals("Acme", demo.path("provider").asText());
        JsonNode first = demo.path("releases").get(0);
        assertEquals("1.0.0", first.path("version").asText());
        assertEquals("2026-01-01", first.path("date").asText(), "an indexed release keeps its date");
        assertEquals(">=0.1.0", first.path("requires").asText());
        assertEquals("demo-plugin-1.0.0.jar", first.path("url").asText());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                .digest(Files.readAllBytes(old)));
        assertEquals(expected, first.path("sha512sum").asText());
        assertEquals("1.10.0", demo.path("releases").get(1).path("version").asText(), "sorted by version");
        assertEquals("2026-02-02", demo.path("releases").get(1).path("date").asText());
    }

    @Test
    void aJarWithUnsafeEntriesStopsTheIndexing() {
        FixtureRepository.withUnsafeEntry(jar("bad-plugin", "1.0.0", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RepositoryIndexer().index(folder, LocalDate.of(2026, 1, 1)));
        assertTrue(e.getMessage().contains("../escape.txt"), e.getMessage());
        assertTrue(Files.notExists(folder.resolve("plugins.json")));
    }
}

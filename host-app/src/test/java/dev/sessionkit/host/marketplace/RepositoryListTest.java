package dev.sessionkit.host.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryListTest {
    @TempDir
    Path folder;

    @Test
    void theBundledRepositoryComesFirstThenTheConfiguredOnes() throws Exception {
        Path file = Files.writeString(folder.resolve("repositories.json"), """
                [{"id": "web", "url": "https://plugins.example.com/x"}, {"id": "local", "url": "repo"}]""");
        List<PluginRepository> repositories = RepositoryList.read(file);
        assertEquals(List.of("bundled", "web", "local"), repositories.stream().map(r -> r.getId()).toList());
        assertEquals("https://plugins.example.com/x/", repositories.get(1).getUrl().toString());
        assertEquals(folder.resolve("repo").toUri().toURL() + "/", repositories.get(2).getUrl().toString());
    }

    @Test
    void aMissingOrInvalidFileSaysWhatToFix() throws Exception {
        assertMessage(folder.resolve("nope.json"), "does not exist");
        assertMessage(Files.writeString(folder.resolve("a.json"), "{}"), "JSON array");
        assertMessage(Files.writeString(folder.resolve("b.json"), "[{\"id\": \"bundled\", \"url\": \"x\"}]"),
                "not 'bundled'");
        assertMessage(Files.writeString(folder.resolve("c.json"), "[{\"id\": \"a\", \"url\": \"x\"}, "
                + "{\"id\": \"a\", \"url\": \"y\"}]"), "unique");
        assertMessage(Files.writeString(folder.resolve("d.json"), "[{\"id\": \"a\"}]"), "needs a url");
    }

    private static void assertMessage(Path file, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepositoryList.read(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.getFileName().toString()),
                e.getMessage());
    }
}

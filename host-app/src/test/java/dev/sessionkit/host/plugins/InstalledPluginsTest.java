package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledPluginsTest {
    @TempDir
    Path root;

    @Test
    void installationsDisabledMarksAndMethodsSurviveAReloadAndMethodsOutliveARemoval() {
        InstalledPlugins first = new InstalledPlugins(root.resolve("plugins"));
        InstalledPlugins.Installation hello = new InstalledPlugins.Installation("hello", "1.0.0", "hello-1.0.0.jar",
                "acme", Instant.parse("2026-01-15T10:00:00Z"));
        first.recordInstalled(hello);
        first.recordMethods("hello", List.of("hello.b", "hello.a"));
        first.disablePlugin("hello");

        InstalledPlugins reread = new InstalledPlugins(root.resolve("plugins"));
        assertEquals(Map.of("hello", hello), reread.installations());
        assertTrue(reread.isPluginDisabled("hello"));
        assertEquals(Map.of("hello", List.of("hello.a", "hello.b")), reread.methods());

        reread.recordRemoved("hello");
        InstalledPlugins afterRemoval = new InstalledPlugins(root.resolve("plugins"));
        assertEquals(Map.of(), afterRemoval.installations());
        assertFalse(afterRemoval.isPluginDisabled("hello"), "a removed plugin loses its disabled mark");
        assertEquals(List.of("hello.a", "hello.b"), afterRemoval.methods().get("hello"), "methods are remembered");
    }

    @Test
    void aFileThatIsNotAnObjectSaysHowToRecover() throws Exception {
        Files.createDirectories(root.resolve("plugins"));
        Files.writeString(root.resolve("plugins/installed.json"), "[]");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new InstalledPlugins(root.resolve("plugins")).installations());
        assertTrue(e.getMessage().contains("installed.json") && e.getMessage().contains("backup"), e.getMessage());
    }
}

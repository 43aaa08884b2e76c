package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.error.UnprocessableException;
import dev.sessionkit.host.testplugins.EchoMethod;
import dev.sessionkit.host.testplugins.TestPluginJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.test.TestPlugin;

class PluginArchiveTest {
    @TempDir
    Path folder;

    @Test
    void entryPathsThatCouldEscapeTheirFolderAreUnsafe() {
        for (String safe : List.of("a.class", "dev/x/A.class", "META-INF/", "META-INF/MANIFEST.MF", "a..b/c..d")) {
            assertTrue(PluginArchive.safe(safe), safe);
        }
        for (String unsafe : List.of("../a", "a/../../b", "/etc/passwd", "C:/x", "a\\b", "./a", "a//b", "a/./b",
                "..", "")) {
            assertFalse(PluginArchive.safe(unsafe), unsafe);
        }
    }

    @Test
    void theManifestNamesThePlugin() {
        Path jar = TestPluginJars.plugin(folder.resolve("p.jar"), "demo-plugin", "1.2.3", TestPlugin.class.getName(),
                Map.of("Plugin-Requires", ">=0.1.0", "Plugin-Description", "  Two\n   lines  "), EchoMethod.class);
        PluginArchive archive = PluginArchive.inspect(jar);
        assertEquals(new PluginArchive("demo-plugin", "1.2.3", ">=0.1.0", "demo-plugin", "Two lines", ""), archive);
        assertEquals("demo-plugin-1.2.3.jar", archive.fileName());
    }

    @Test
    void aFileThatIsNotAPluginJarIsRefused() throws Exception {
        Path text = Files.writeString(folder.resolve("x.jar"), "not a zip");
        UnprocessableException e = assertThrows(UnprocessableException.class, () -> PluginArchive.inspect(text));
        assertEquals("NOT_A_PLUGIN", e.code());
    }
}

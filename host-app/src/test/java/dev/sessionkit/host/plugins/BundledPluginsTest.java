package dev.sessionkit.host.plugins;

import static dev.sessionkit.host.TestHost.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledPluginsTest {
    @TempDir
    Path dataDir;

    @Test
    void aFirstStartInstallsEachBundledJarUnderItsIdAndVersionAndLaterStartsDoNothing() throws Exception {
        Path root = dataDir.resolve("plugins");
        assertEquals(List.of(), BundledPlugins.DEFAULT.installIfFirstStart(root));
        assertEquals(List.of("session-plugin-0.1.0.jar"), fileNames(root));

        Files.delete(root.resolve("session-plugin-0.1.0.jar"));
        assertEquals(List.of(), BundledPlugins.DEFAULT.installIfFirstStart(root));
        assertEquals(List.of(), fileNames(root), "an uninstalled bundled plugin must stay uninstalled");
    }

    @Test
    void aMissingBundledJarIsReportedAndTheNextStartTriesAgain() {
        Path root = dataDir.resolve("plugins");
        List<PluginReport> problems = new BundledPlugins(List.of("no-such-plugin")).installIfFirstStart(root);
        assertEquals(1, problems.size());
        assertEquals("no-such-plugin", problems.get(0).id());
        assertEquals("FAILED", problems.get(0).state());
        assertTrue(problems.get(0).error().contains("/bundled-plugins/no-such-plugin.jar"), problems.get(0).error());
        assertFalse(Files.exists(root));
        assertFalse(Files.exists(dataDir.resolve("plugins.installing")));
    }

}

package dev.sessionkit.host.marketplace;

import static dev.sessionkit.host.TestHost.fileNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.plugins.BundledPlugins;
import dev.sessionkit.host.plugins.HostCompatibility;
import dev.sessionkit.host.plugins.PluginReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledRepositoryTest {
    @TempDir
    Path dataDir;

    private final HostCompatibility compatibility = new HostCompatibility(HostVersion.current());

    @Test
    void aFirstStartInstallsTheNamedPluginsOfTheBuiltBundledRepositoryAndLaterStartsDoNothing() throws Exception {
        Path root = dataDir.resolve("plugins");
        BundledRepository repository = BundledRepository.create(compatibility);
        assertEquals(List.of("auth-plugin", "session-plugin"), repository.pluginIds().stream().sorted().toList(),
                "the build bundles both first-party plugins");
        BundledPlugins bundled = new BundledPlugins(repository, List.of("session-plugin"));
        assertEquals(List.of(), bundled.installIfFirstStart(root));
        assertEquals(List.of("installed.json", "session-plugin-0.1.0.jar"), fileNames(root),
                "only the session plugin: the Auth plugin stays in the marketplace");

        Files.delete(root.resolve("session-plugin-0.1.0.jar"));
        assertEquals(List.of(), bundled.installIfFirstStart(root));
        assertEquals(List.of("installed.json"), fileNames(root), "an uninstalled bundled plugin stays uninstalled");
    }

    @Test
    void aBundledPluginThatFailsVerificationIsReportedAndTheNextStartTriesAgain() throws Exception {
        Path repository = Files.createDirectories(dataDir.resolve("repository"));
        FixtureRepository.standard(repository);
        Files.writeString(repository.resolve("plugins.json"), Files.readString(repository.resolve("plugins.json"))
                .replaceAll("\"id\" : \"(?!tampered-plugin)[a-z-]+\"", "\"id\" : \"x\""));
        PluginCatalog catalog = new PluginCatalog(compatibility,
                List.of(new PluginRepository(BundledRepository.ID, repository.toUri().toURL())));
        Path root = dataDir.resolve("plugins");
        List<PluginReport> problems = new BundledPlugins(new BundledRepository(catalog),
                List.of("tampered-plugin", "x")).installIfFirstStart(root);

        assertEquals(List.of("tampered-plugin", "x"), problems.stream().map(PluginReport::id).sorted().toList());
        assertTrue(problems.stream().allMatch(p -> p.state().equals("FAILED")));
        assertTrue(problems.stream().anyMatch(p -> p.error().contains("does not match")), problems.toString());
        assertFalse(Files.exists(root), "nothing installed: the next start tries again");
        assertFalse(Files.exists(dataDir.resolve("plugins.installing")));
    }

    @Test
    void aPluginToInstallThatTheRepositoryDoesNotOfferIsReported() {
        Path root = dataDir.resolve("plugins");
        List<PluginReport> problems = new BundledPlugins(BundledRepository.create(compatibility),
                List.of("session-plugin", "no-such-plugin")).installIfFirstStart(root);
        assertEquals(List.of("no-such-plugin"), problems.stream().map(PluginReport::id).toList());
        assertTrue(problems.get(0).error().contains("does not offer"), problems.get(0).error());
        assertTrue(Files.exists(root.resolve("session-plugin-0.1.0.jar")), "what could be installed was");
    }
}

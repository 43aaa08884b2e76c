package dev.sessionkit.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.HostConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The marketplace's setting, plugin-repositories, in its three forms. */
class PluginRepositoriesSettingTest {
    private static HostConfig resolve(Map<String, String> environment, String... args) throws UsageException {
        HostConfig config = new HostConfig();
        LaunchOptions.parse(args, environment).applyTo(config);
        return config;
    }

    @Test
    void theRepositoriesFileComesFromTheCommandLineOrTheEnvironment() throws Exception {
        assertNull(resolve(Map.of()).pluginRepositories, "default: the bundled repository only");
        assertEquals(Path.of("/etc/sessionkit/repositories.json"), resolve(Map.of(), "--plugin-repositories",
                "/etc/sessionkit/repositories.json").pluginRepositories);
        assertEquals(Path.of("repos.json"), resolve(Map.of("SESSIONKIT_PLUGIN_REPOSITORIES", "repos.json"))
                .pluginRepositories);
        assertTrue(LaunchOptions.help().contains("--plugin-repositories VALUE  (SESSIONKIT_PLUGIN_REPOSITORIES"),
                LaunchOptions.help());
    }
}

package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.api.error.UnprocessableException;
import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.testplugins.TestPluginJars;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enabling a plugin whose start fails is refused and leaves it as it was, failed or disabled. */
class PluginEnableTest {
    @TempDir
    Path root;

    @Test
    void aFailedEnableLeavesThePluginAsItWas() {
        Path plugins = root.resolve("plugins");
        TestPluginJars.failing(plugins);
        PluginHost host = new PluginHost(plugins, HostVersion.current(), BundledPlugins.NONE);
        host.startAll();
        try {
            assertEquals("FAILED", state(host));
            UnprocessableException e = assertThrows(UnprocessableException.class, () -> host.enable("failing-plugin"));
            assertEquals("PLUGIN_START_FAILED", e.code());
            assertEquals("FAILED", state(host));

            assertEquals("DISABLED", host.disable("failing-plugin").state());
            assertThrows(UnprocessableException.class, () -> host.enable("failing-plugin"));
            assertEquals("DISABLED", state(host));
            assertTrue(new InstalledPlugins(plugins).isPluginDisabled("failing-plugin"), "still disabled on disk");
        } finally {
            host.stopAll();
        }
    }

    private static String state(PluginHost host) {
        return host.registry().plugins().stream().filter(p -> p.id().equals("failing-plugin")).findFirst()
                .orElseThrow().state();
    }
}

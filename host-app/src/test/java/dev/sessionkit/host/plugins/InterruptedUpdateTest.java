package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.testplugins.EchoMethod;
import dev.sessionkit.host.testplugins.TestPluginJars;
import dev.sessionkit.host.testplugins.ValueMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.test.TestPlugin;

/**
 * A host that stopped in the middle of an update (the new jar written, the old one not yet deleted) starts with one
 * jar per plugin: the recorded one.
 */
class InterruptedUpdateTest {
    @TempDir
    Path root;

    @Test
    void aJarLeftBesideTheRecordedOneIsDeletedAtStartAndTheRecordedVersionRuns() throws Exception {
        Path plugins = root.resolve("plugins");
        Path v1 = jar("1.0.0");
        Path v2 = jar("2.0.0");
        PluginHost first = new PluginHost(plugins, HostVersion.current(), BundledPlugins.NONE);
        first.startAll();
        first.install(v1, PluginArchive.announced("hello-plugin", "1.0.0"), "tests");
        first.stopAll();
        // the update wrote the new jar, then the host stopped before it recorded it and deleted the old one
        Files.copy(v2, plugins.resolve("hello-plugin-2.0.0.jar"));
        // and a jar of another plugin copied by hand stays whatever happens
        Path byHand = Files.copy(jar("other-plugin", "1.0.0", ValueMethod.class),
                plugins.resolve("other-plugin-1.0.0.jar"));

        PluginHost second = new PluginHost(plugins, HostVersion.current(), BundledPlugins.NONE);
        second.startAll();
        try {
            assertEquals("1.0.0", report(second, "hello-plugin").version());
            assertEquals("STARTED", report(second, "hello-plugin").state());
            assertTrue(Files.notExists(plugins.resolve("hello-plugin-2.0.0.jar")), "the unrecorded jar is not loaded");
            assertTrue(Files.exists(plugins.resolve("hello-plugin-2.0.0.jar.leftover")), "it is set aside, not lost");
            assertTrue(Files.exists(plugins.resolve("hello-plugin-1.0.0.jar")));
            assertTrue(Files.exists(byHand));
            assertEquals(List.of("hello-plugin-1.0.0.jar", "other-plugin-1.0.0.jar"),
                    PluginArchive.jarsIn(plugins).stream().map(p -> p.getFileName().toString()).toList());
        } finally {
            second.stopAll();
        }
    }

    private Path jar(String version) {
        return jar("hello-plugin", version, EchoMethod.class);
    }

    private Path jar(String id, String version, Class<?> method) {
        return TestPluginJars.plugin(root.resolve("built-" + id + "-" + version + ".jar"), id, version,
                TestPlugin.class.getName(), Map.of(), method);
    }

    private static PluginReport report(PluginHost host, String id) {
        return host.registry().plugins().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}

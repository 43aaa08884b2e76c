package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionkit.host.HostVersion;
import dev.sessionkit.host.testplugins.EchoMethod;
import dev.sessionkit.host.testplugins.TestPluginJars;
import dev.sessionkit.host.testplugins.ThreadedPlugin;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uninstalling a plugin stops its threads and releases its class loader, so nothing of it stays in the host. */
class PluginUnloadTest {
    @TempDir
    Path root;

    @Test
    void uninstallStopsThePluginsThreadsAndReleasesItsClassLoader() throws Exception {
        PluginHost host = new PluginHost(root.resolve("plugins"), HostVersion.current(), BundledPlugins.NONE);
        host.startAll();
        try {
            Path jar = TestPluginJars.plugin(root.resolve("threaded-plugin-1.0.0.jar"), "threaded-plugin", "1.0.0",
                    ThreadedPlugin.class.getName(), Map.of(), EchoMethod.class);
            assertEquals("STARTED", host.install(jar, PluginArchive.announced("threaded-plugin", "1.0.0"), "tests")
                    .state());
            assertTrue(workerAlive(), "the plugin's worker runs while it is started");
            WeakReference<ClassLoader> loader = new WeakReference<>(
                    host.registry().require("test.echo").classLoader());

            host.uninstall("threaded-plugin");
            assertTrue(!workerAlive(), "the plugin's worker stopped with it");
            assertTrue(Files.notExists(root.resolve("plugins/threaded-plugin-1.0.0.jar")), "its jar is deleted");
            for (int i = 0; i < 100 && loader.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(loader.get(), "the plugin's class loader must be collectable after uninstall");
        } finally {
            host.stopAll();
        }
    }

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(ThreadedPlugin.WORKER) && thread.isAlive());
    }
}

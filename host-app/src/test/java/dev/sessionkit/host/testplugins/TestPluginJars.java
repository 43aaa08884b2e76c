package dev.sessionkit.host.testplugins;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.pf4j.test.FailingPlugin;
import org.pf4j.test.PluginJar;
import org.pf4j.test.TestPlugin;

/** Real PF4J plugin jars for tests, written into a plugins directory. */
public final class TestPluginJars {
    /** Where the session-plugin module's built jar is copied by the build (generate-resources). */
    public static final Path BUILT_SESSION_PLUGIN = Path.of("target/classes/bundled-repository/session-plugin.jar");

    private TestPluginJars() {
    }

    /**
     * Copies the BUILT session plugin jar into {@code plugins}; fails with instructions when it was not built.
     *
     * @param plugins a plugins directory
     * @return the copy
     */
    public static Path builtSessionPlugin(Path plugins) {
        if (!Files.isRegularFile(BUILT_SESSION_PLUGIN)) {
            fail(BUILT_SESSION_PLUGIN.toAbsolutePath() + " is missing. It is the session-plugin module's jar, "
                    + "bundled by the build: run 'mvn package' from the repository root.");
        }
        try {
            return Files.copy(BUILT_SESSION_PLUGIN, directory(plugins).resolve("session-plugin-0.1.0.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param plugins a plugins directory @return plugin {@code test-plugin}: test.echo, test.explode, test.block, test.value */
    public static Path working(Path plugins) {
        return build(new PluginJar.Builder(directory(plugins).resolve("a-test-plugin-1.0.0.jar"), "test-plugin")
                .pluginClass(TestPlugin.class.getName())
                .manifestAttribute("Plugin-Description", "Methods for host tests")
                .manifestAttribute("Plugin-Name", "Test methods")
                .extension(EchoMethod.class.getName())
                .extension(ExplodingMethod.class.getName())
                .extension(BlockingMethod.class.getName())
                .extension(ValueMethod.class.getName()));
    }

    /** @param plugins a plugins directory @return plugin {@code clash-plugin}, also providing test.echo */
    public static Path clashing(Path plugins) {
        return build(new PluginJar.Builder(directory(plugins).resolve("b-clash-plugin-1.0.0.jar"), "clash-plugin")
                .pluginClass(TestPlugin.class.getName())
                .extension(EchoMethod.class.getName()));
    }

    /** @param plugins a plugins directory @return plugin {@code failing-plugin}, whose start() throws */
    public static Path failing(Path plugins) {
        return build(new PluginJar.Builder(directory(plugins).resolve("c-failing-plugin-1.0.0.jar"), "failing-plugin")
                .pluginClass(FailingPlugin.class.getName())
                .extension(EchoMethod.class.getName()));
    }

    /** @param plugins a plugins directory @return plugin {@code future-plugin}, requiring host 99 */
    public static Path requiringAFutureHost(Path plugins) {
        return build(new PluginJar.Builder(directory(plugins).resolve("e-future-plugin-1.0.0.jar"), "future-plugin")
                .pluginClass(TestPlugin.class.getName())
                .manifestAttribute("Plugin-Requires", ">=99.0.0")
                .extension(EchoMethod.class.getName()));
    }

    /** @param plugins a plugins directory @return a file named like a plugin jar that is not a jar */
    public static Path broken(Path plugins) {
        try {
            return Files.writeString(directory(plugins).resolve("d-broken.jar"), "this is not a zip file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds a plugin jar of test classes.
     *
     * @param jar         the file to write
     * @param id          {@code Plugin-Id}
     * @param version     {@code Plugin-Version}
     * @param pluginClass the {@code Plugin-Class}
     * @param manifest    more manifest attributes ({@code Plugin-Requires}...)
     * @param extensions  the extension classes (test classes, such as {@link EchoMethod})
     * @return the jar
     */
    public static Path plugin(Path jar, String id, String version, String pluginClass, Map<String, String> manifest,
                              Class<?>... extensions) {
        PluginJar.Builder builder = new PluginJar.Builder(jar, id).pluginClass(pluginClass);
        manifest.forEach(builder::manifestAttribute);
        for (Class<?> extension : extensions) {
            builder.extension(extension.getName());
        }
        try {
            return builder.pluginVersion(version).classDataProvider(TestPluginJars::classBytes).build().path();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class file of a test class, read from the test class path (PF4J's default provider needs Guava). */
    private static byte[] classBytes(String className) {
        String resource = "/" + className.replace('.', '/') + ".class";
        try (InputStream in = TestPluginJars.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no class file " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory(Path plugins) {
        try {
            return Files.createDirectories(plugins);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(PluginJar.Builder builder) {
        try {
            return builder.pluginVersion("1.0.0").classDataProvider(TestPluginJars::classBytes).build().path();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

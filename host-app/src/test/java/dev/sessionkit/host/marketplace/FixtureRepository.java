package dev.sessionkit.host.marketplace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.storage.JsonFile;
import dev.sessionkit.host.testplugins.BlockingMethod;
import dev.sessionkit.host.testplugins.EchoMethod;
import dev.sessionkit.host.testplugins.ExplodingMethod;
import dev.sessionkit.host.testplugins.TestPluginJars;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.pf4j.test.FailingPlugin;
import org.pf4j.test.TestPlugin;

/**
 * A plugin repository folder built during a test: real PF4J plugin jars, and a {@code plugins.json} written here (not
 * by {@link RepositoryIndexer}) so that a checksum can be right, wrong or missing. {@link #standard} holds:
 * <table>
 *   <caption>The standard fixtures</caption>
 *   <tr><td>{@code hello-plugin} 1.0.0, 2.0.0</td><td>1.0.0: {@code test.echo}; 2.0.0 adds {@code test.block}</td></tr>
 *   <tr><td>{@code flaky-plugin} 1.0.0, 2.0.0</td><td>1.0.0: {@code test.explode}; 2.0.0 throws on start</td></tr>
 *   <tr><td>{@code failing-plugin} 1.0.0</td><td>throws on start</td></tr>
 *   <tr><td>{@code tampered-plugin} 1.0.0</td><td>its {@code sha512sum} does not match</td></tr>
 *   <tr><td>{@code unsigned-plugin} 1.0.0</td><td>no {@code sha512sum}</td></tr>
 *   <tr><td>{@code future-plugin} 1.0.0</td><td>requires host {@code >=99.0.0}</td></tr>
 *   <tr><td>{@code unsafe-plugin} 1.0.0</td><td>an archive with a {@code ../} entry, correct checksum</td></tr>
 *   <tr><td>{@code impostor-plugin} 1.0.0</td><td>its jar is hello-plugin 1.0.0's</td></tr>
 * </table>
 */
final class FixtureRepository {
    /** The id the repositories file gives it. */
    static final String ID = "fixtures";

    enum Checksum { RIGHT, WRONG, MISSING }

    private final Path folder;
    private final Map<String, ObjectNode> plugins = new LinkedHashMap<>();

    private FixtureRepository(Path folder) {
        this.folder = folder;
    }

    /** @param folder an empty folder @return the standard fixtures in it */
    static FixtureRepository standard(Path folder) {
        FixtureRepository repository = new FixtureRepository(folder);
        repository.release("hello-plugin", "1.0.0", ">=0.1.0", TestPlugin.class, Checksum.RIGHT, EchoMethod.class);
        repository.release("hello-plugin", "2.0.0", ">=0.1.0", TestPlugin.class, Checksum.RIGHT, EchoMethod.class,
                BlockingMethod.class);
        repository.release("impostor-plugin", "1.0.0", folder.resolve("hello-plugin-1.0.0.jar"), "", Checksum.RIGHT);
        repository.release("flaky-plugin", "1.0.0", "", TestPlugin.class, Checksum.RIGHT, ExplodingMethod.class);
        repository.release("flaky-plugin", "2.0.0", "", FailingPlugin.class, Checksum.RIGHT, ExplodingMethod.class);
        repository.release("failing-plugin", "1.0.0", "", FailingPlugin.class, Checksum.RIGHT, EchoMethod.class);
        repository.release("tampered-plugin", "1.0.0", "", TestPlugin.class, Checksum.WRONG, EchoMethod.class);
        repository.release("unsigned-plugin", "1.0.0", "", TestPlugin.class, Checksum.MISSING, EchoMethod.class);
        repository.release("future-plugin", "1.0.0", ">=99.0.0", TestPlugin.class, Checksum.RIGHT, EchoMethod.class);
        Path unsafe = repository.release("unsafe-plugin", "1.0.0", "", TestPlugin.class, Checksum.RIGHT,
                EchoMethod.class);
        withUnsafeEntry(unsafe);
        repository.release("unsafe-plugin", "1.0.0", unsafe, "", Checksum.RIGHT); // its checksum, re-read
        return repository.write();
    }

    /** Builds a release's jar and lists it. @return the jar */
    Path release(String id, String version, String requires, Class<?> pluginClass, Checksum checksum,
                 Class<?>... extensions) {
        Path jar = TestPluginJars.plugin(folder.resolve(id + "-" + version + ".jar"), id, version,
                pluginClass.getName(), requires.isEmpty() ? Map.of() : Map.of("Plugin-Requires", requires),
                extensions);
        release(id, version, jar, requires, checksum);
        return jar;
    }

    /** Lists (or lists again) a release whose jar is in the folder. */
    void release(String id, String version, Path jar, String requires, Checksum checksum) {
        ObjectNode plugin = plugins.computeIfAbsent(id, key -> {
            ObjectNode entry = JsonNodeFactory.instance.objectNode().put("id", key).put("name", "Fixture " + key)
                    .put("description", "A plugin built by the tests").put("provider", "Tests");
            entry.putArray("releases");
            return entry;
        });
        ArrayNode releases = (ArrayNode) plugin.get("releases");
        for (int i = releases.size() - 1; i >= 0; i--) {
            if (releases.get(i).path("version").asText().equals(version)) {
                releases.remove(i);
            }
        }
        ObjectNode release = releases.addObject().put("version", version).put("date", "2026-01-15")
                .put("requires", requires).put("url", jar.getFileName().toString());
        String sum = RepositoryIndexer.sha512(jar);
        switch (checksum) {
            case RIGHT -> release.put("sha512sum", sum);
            case WRONG -> release.put("sha512sum", (sum.charAt(0) == '0' ? "1" : "0") + sum.substring(1));
            case MISSING -> { }
        }
    }

    /** Writes {@code plugins.json}. @return this */
    FixtureRepository write() {
        ArrayNode index = JsonNodeFactory.instance.arrayNode();
        plugins.values().forEach(index::add);
        new JsonFile(Json.newMapper(), folder.resolve("plugins.json")).write(index);
        return this;
    }

    /** @return the folder */
    Path folder() {
        return folder;
    }

    /**
     * Writes a {@code repositories.json} naming this repository (by a path relative to the file).
     *
     * @param file where to write it
     * @return the file
     */
    Path repositoriesFile(Path file) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        list.addObject().put("id", ID).put("url", file.toAbsolutePath().getParent()
                .relativize(folder.toAbsolutePath()).toString());
        new JsonFile(Json.newMapper(), file).write(list);
        return file;
    }

    /** Rewrites a jar with one more entry, {@code ../escape.txt}. */
    static void withUnsafeEntry(Path jar) {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewrite");
        try (JarFile in = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(rewritten), in.getManifest())) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("../escape.txt"));
            OutputStream body = out;
            body.write("written outside the plugin folder if ever unpacked".getBytes());
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(rewritten, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

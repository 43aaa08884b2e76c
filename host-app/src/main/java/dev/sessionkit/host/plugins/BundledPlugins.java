package dev.sessionkit.host.plugins;

import dev.sessionkit.host.storage.AtomicFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars shipped inside the host jar (classpath resources {@code /bundled-plugins/<name>.jar}), installed
 * into the plugins directory on the first start so the main job works at once.
 *
 * <p>A first start is one without a plugins directory. The jars are written to a staging directory that is then
 * renamed to the plugins directory in one step, so an interrupted first install is simply redone. Each jar is
 * installed as {@code <Plugin-Id>-<Plugin-Version>.jar} (read from its manifest). A missing or broken bundled jar is
 * reported, not fatal; when nothing could be installed, the next start tries again.
 *
 * <p>Stateless apart from its resource list; call from one thread.
 */
public final class BundledPlugins {
    /** The plugins this build bundles. */
    public static final BundledPlugins DEFAULT = new BundledPlugins(List.of("session-plugin"));

    private static final Logger LOG = LoggerFactory.getLogger(BundledPlugins.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final List<String> names;

    /** @param names the bundled jars, by resource name without {@code .jar} */
    public BundledPlugins(List<String> names) {
        this.names = List.copyOf(names);
    }

    /**
     * Installs the bundled plugins if {@code root} does not exist yet.
     *
     * @param root the plugins directory, {@code <data-dir>/plugins}
     * @return a report for each bundled jar that could not be installed; empty when all were (or it was not a first
     *         start)
     */
    public List<PluginReport> installIfFirstStart(Path root) {
        if (Files.exists(root)) {
            return List.of();
        }
        Path staging = root.resolveSibling(root.getFileName() + ".installing");
        deleteRecursively(staging);
        AtomicFile.ownerOnlyDirectory(staging);
        List<PluginReport> problems = new ArrayList<>();
        for (String name : names) {
            try {
                Path installed = install(name, staging);
                LOG.info("Installed the bundled plugin {} into {}", installed.getFileName(), root);
            } catch (IllegalStateException | UncheckedIOException e) {
                LOG.error("Cannot install the bundled plugin {}: {}", name, e.getMessage());
                problems.add(PluginReport.failed(name, e.getMessage()));
            }
        }
        if (problems.size() == names.size() && !names.isEmpty()) {
            deleteRecursively(staging);
            return problems;
        }
        try {
            Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the plugins directory " + root + ": " + e.getMessage(), e);
        }
        return problems;
    }

    private Path install(String name, Path directory) {
        String resource = "/bundled-plugins/" + name + ".jar";
        byte[] jar;
        try (InputStream in = BundledPlugins.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The host jar holds no " + resource + ". Build the host with "
                        + "'mvn package', which bundles it.");
            }
            jar = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource + ": " + e.getMessage(), e);
        }
        Attributes manifest = manifestOf(jar, resource);
        String id = manifest.getValue("Plugin-Id");
        String version = manifest.getValue("Plugin-Version");
        if (id == null || version == null || !SAFE_NAME.matcher(id).matches()
                || !SAFE_NAME.matcher(version).matches()) {
            throw new IllegalStateException(resource + " is not a PF4J plugin jar: its manifest needs a Plugin-Id and "
                    + "a Plugin-Version made of letters, digits, dots and dashes.");
        }
        Path target = directory.resolve(id + "-" + version + ".jar");
        AtomicFile.write(target, jar);
        return target;
    }

    private static Attributes manifestOf(byte[] jar, String resource) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                throw new IllegalStateException(resource + " has no manifest, so it is not a PF4J plugin jar.");
            }
            return manifest.getMainAttributes();
        } catch (IOException e) {
            throw new IllegalStateException(resource + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Files.delete(file);
            }
            Files.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory + ": " + e.getMessage(), e);
        }
    }
}

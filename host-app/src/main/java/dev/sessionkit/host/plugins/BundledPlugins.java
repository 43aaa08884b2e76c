package dev.sessionkit.host.plugins;

import dev.sessionkit.api.error.SessionkitException;
import dev.sessionkit.host.storage.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins a first start installs from the bundled plugin repository (shipped inside the host jar), so the main
 * job works at once: the ones named at construction (the host names the session plugin alone). The repository may
 * offer more (the Auth plugin); those stay in the marketplace for an admin to install.
 *
 * <p>A first start is one without a plugins directory. Each named plugin the repository lists: its newest compatible release is downloaded from the
 * {@link PluginSource} with its checksum verified, checked like any install ({@link PluginArchive}), written to a
 * staging directory as {@code <Plugin-Id>-<Plugin-Version>.jar} and recorded in its {@link InstalledPlugins} file; the
 * staging directory is then renamed to the plugins directory in one step, so an interrupted first install is simply
 * redone. A plugin that cannot be installed is reported, not fatal; when nothing could be installed, the next start
 * tries again. A plugin removed later stays removed: the plugins directory exists from then on.
 *
 * <p>Call from one thread.
 */
public final class BundledPlugins {
    /** Installs nothing (a host without a bundled repository, or tests that bring their own jars). */
    public static final BundledPlugins NONE = new BundledPlugins(null, List.of());

    private static final Logger LOG = LoggerFactory.getLogger(BundledPlugins.class);

    private final PluginSource source;
    private final List<String> firstStart;

    /**
     * @param source     where the plugins come from, or null for none
     * @param firstStart the ids of the plugins to install on a first start, in this order; an id the source does not
     *                   list is reported
     */
    public BundledPlugins(PluginSource source, List<String> firstStart) {
        this.source = source;
        this.firstStart = List.copyOf(firstStart);
    }

    /**
     * Installs the bundled plugins if {@code root} does not exist yet.
     *
     * @param root the plugins directory, {@code <data-dir>/plugins}
     * @return a report for each plugin to install that could not be; empty when all were (or it was not a first
     *         start)
     */
    public List<PluginReport> installIfFirstStart(Path root) {
        if (source == null || Files.exists(root)) {
            return List.of();
        }
        List<String> offered;
        try {
            offered = source.pluginIds();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the bundled plugin repository: {}", e.getMessage());
            return List.of(PluginReport.failed(source.repositoryId(), "The bundled plugin repository cannot be read: "
                    + e.getMessage()));
        }
        Path staging = root.resolveSibling(root.getFileName() + ".installing");
        deleteRecursively(staging);
        AtomicFile.ownerOnlyDirectory(staging);
        InstalledPlugins record = new InstalledPlugins(staging);
        List<PluginReport> problems = new ArrayList<>();
        List<String> ids = firstStart;
        for (String id : ids) {
            if (!offered.contains(id)) {
                LOG.error("The bundled plugin repository does not offer {}", id);
                problems.add(PluginReport.failed(id, "The bundled plugin repository does not offer '" + id
                        + "'; it offers " + offered + ". Build the host with 'mvn package'."));
                continue;
            }
            try {
                PluginArchive archive = install(id, staging);
                record.recordInstalled(new InstalledPlugins.Installation(archive.id(), archive.version(),
                        archive.fileName(), source.repositoryId(), Instant.now()));
                LOG.info("Installed the bundled plugin {} {} into {}", archive.id(), archive.version(), root);
            } catch (SessionkitException | IllegalStateException | UncheckedIOException e) {
                LOG.error("Cannot install the bundled plugin {}: {}", id, e.getMessage());
                problems.add(PluginReport.failed(id, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Cannot install the bundled plugin {}", id, e);
                problems.add(PluginReport.failed(id, e.toString()));
            }
        }
        if (problems.size() == ids.size() && !ids.isEmpty()) {
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

    private PluginArchive install(String id, Path directory) {
        Path downloaded = source.download(id);
        try {
            PluginArchive archive = PluginArchive.inspect(downloaded);
            if (!archive.id().equals(id)) {
                throw new IllegalStateException("The bundled repository lists plugin '" + id + "' but its jar says '"
                        + archive.id() + "'.");
            }
            AtomicFile.write(directory.resolve(archive.fileName()), Files.readAllBytes(downloaded));
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + downloaded + ": " + e.getMessage(), e);
        } finally {
            PluginSource.discard(downloaded);
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

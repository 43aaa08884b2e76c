package dev.sessionkit.host.plugins;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where a first start takes the plugins it installs: the bundled plugin repository (see
 * {@code dev.sessionkit.host.marketplace.BundledRepository}).
 *
 * <p>Implementations are called from one thread, during the host's start.
 */
public interface PluginSource {
    /** @return the id of the repository, recorded as the origin of what is installed from it */
    String repositoryId();

    /**
     * @return the ids of the plugins to install
     * @throws RuntimeException when the source's index cannot be read (the first start is then retried next time)
     */
    List<String> pluginIds();

    /**
     * Downloads the newest release of a plugin that admits this host and verifies its checksum.
     *
     * @param pluginId one of {@link #pluginIds()}
     * @return the verified jar, in a temporary directory the caller deletes
     * @throws RuntimeException saying why it cannot be had (no compatible release, checksum, I/O)
     */
    Path download(String pluginId);

    /**
     * Deletes a downloaded file and its temporary directory when that is left empty; a failure is logged, not thrown.
     *
     * @param downloaded a file returned by {@link #download} (or by the marketplace's download)
     */
    static void discard(Path downloaded) {
        try {
            Files.deleteIfExists(downloaded);
            Path directory = downloaded.getParent();
            if (directory != null) {
                try (DirectoryStream<Path> rest = Files.newDirectoryStream(directory)) {
                    if (!rest.iterator().hasNext()) {
                        Files.delete(directory);
                    }
                }
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(PluginSource.class).warn("Cannot delete the downloaded file {}: {}", downloaded,
                    e.toString());
        }
    }
}

package dev.sessionkit.host.marketplace;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.update.SimpleFileDownloader;

/**
 * pf4j-update's downloader (HTTP, HTTPS and {@code file:} URLs, into a new temporary directory), plus {@code jar:}
 * URLs: the bundled repository lives inside the host's executable jar.
 *
 * <p>Stateless; thread-safe.
 */
final class RepositoryDownloader extends SimpleFileDownloader {
    @Override
    public Path downloadFile(URL fileUrl) throws IOException {
        if (!"jar".equals(fileUrl.getProtocol())) {
            return super.downloadFile(fileUrl);
        }
        String path = fileUrl.getPath();
        Path file = Files.createTempDirectory("sessionkit-download").resolve(path.substring(path.lastIndexOf('/') + 1));
        try (InputStream in = fileUrl.openStream()) {
            Files.copy(in, file);
        }
        return file;
    }
}

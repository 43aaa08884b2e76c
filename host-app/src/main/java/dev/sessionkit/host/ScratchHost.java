package dev.sessionkit.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throwaway host for the build's own runs (the class data training, the OpenAPI export): started over a scratch data
 * directory on a loopback port with the bundled session plugin, its console silenced; {@link #close} stops it and
 * deletes the directory. Not thread-safe; one owner.
 */
final class ScratchHost implements AutoCloseable {
    private final Path data;
    private final String adminPassword = UUID.randomUUID().toString();
    private final SessionkitHost host;

    /**
     * @param name      names the scratch directory ({@code sessionkit-<name>...} under the temporary directory)
     * @param fastAdmin whether the first admin's password hash may use the lowest cost (nobody signs in)
     * @throws IOException when the scratch directory cannot be made
     */
    ScratchHost(String name, boolean fastAdmin) throws IOException {
        data = Files.createTempDirectory("sessionkit-" + name);
        try {
            host = SessionkitHost.create(config -> {
                config.dataDir = data;
                config.bindAddress = "127.0.0.1";
                config.port = 0;
                config.initialAdminPassword = adminPassword;
                if (fastAdmin) config.bcryptCost = 4;
                config.console = new PrintStream(OutputStream.nullOutputStream());
            }).start();
        } catch (RuntimeException e) {
            deleteTree(data);
            throw e;
        }
    }

    /** @return the host's base address, {@code http://127.0.0.1:<port>} */
    URI base() {
        return URI.create("http://127.0.0.1:" + host.port());
    }

    /** @return the first admin's password (user {@code admin}) */
    String adminPassword() {
        return adminPassword;
    }

    @Override
    public void close() {
        try {
            host.stop();
        } finally {
            deleteTree(data);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

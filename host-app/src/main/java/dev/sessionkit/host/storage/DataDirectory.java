package dev.sessionkit.host.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The layout of the host's data directory:
 *
 * <pre>
 * &lt;data-dir&gt;/
 *   users.json                       accounts with bcrypt hashes
 *   revoked-tokens.json              token ids revoked by logout, until they expire
 *   apps/&lt;appId&gt;.json                one file per app
 *   plugins/*.jar                    installed plugins
 *   secrets/jwt-hs256.key            the token signing key
 *   secrets/initial-admin-password   a generated first admin password
 *   .lock                            held while a host runs
 * </pre>
 * Directories it creates are owner-only. One host at a time may use a data directory: {@link #lock()} refuses a
 * second one, which would otherwise overwrite the first one's files.
 *
 * @param root the data directory
 */
public record DataDirectory(Path root) {

    /**
     * Creates the data directory and its {@code secrets} directory if missing, and removes temporary files left by
     * interrupted writes.
     *
     * @param root the data directory
     * @return the layout
     * @throws UncheckedIOException when the directories cannot be created
     */
    public static DataDirectory prepare(Path root) {
        DataDirectory data = new DataDirectory(root.toAbsolutePath().normalize());
        AtomicFile.ownerOnlyDirectory(data.root());
        AtomicFile.ownerOnlyDirectory(data.secrets());
        AtomicFile.deleteStaleTemporaryFiles(data.root());
        AtomicFile.deleteStaleTemporaryFiles(data.secrets());
        return data;
    }

    /** @return {@code users.json} */
    public Path users() {
        return root.resolve("users.json");
    }

    /** @return {@code revoked-tokens.json} */
    public Path revokedTokens() {
        return root.resolve("revoked-tokens.json");
    }

    /** @return the {@code apps} directory */
    public Path apps() {
        return root.resolve("apps");
    }

    /** @return the {@code plugins} directory */
    public Path plugins() {
        return root.resolve("plugins");
    }

    /** @return the {@code sessions} directory: the embedded session store's snapshot and log */
    public Path sessions() {
        return root.resolve("sessions");
    }

    /** @return the {@code secrets} directory */
    public Path secrets() {
        return root.resolve("secrets");
    }

    /** @return {@code secrets/jwt-hs256.key} */
    public Path signingKey() {
        return secrets().resolve("jwt-hs256.key");
    }

    /** @return {@code secrets/initial-admin-password} */
    public Path initialAdminPassword() {
        return secrets().resolve("initial-admin-password");
    }

    /**
     * Takes the directory's lock for the life of this host.
     *
     * @return the lock; close it when the host stops
     * @throws IllegalStateException when another host (process or instance) holds it
     */
    public Closeable lock() {
        Path file = root.resolve(".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another Sessionkit host is using the data directory " + root
                        + ". Stop it, or start this one with another --data-dir.");
            }
            return channel::close;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }
}

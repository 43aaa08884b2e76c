package dev.sessionkit.host.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file writes for everything the host keeps in its data directory (users, apps, revoked tokens, secrets).
 *
 * <p>{@link #write} writes a temporary file in the target's directory, forces it to disk, renames it over the target
 * atomically, then forces the directory: a crash at any point leaves either the old content or the new one, never a
 * half-written file. Files and directories it creates are readable by the owner only where the file system supports
 * POSIX permissions (elsewhere the platform's defaults apply).
 *
 * <p>Stateless and thread-safe; concurrent writers of the same target must be serialized by the caller (the last
 * rename wins).
 */
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
    private static final String TEMP_SUFFIX = ".tmp";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private AtomicFile() {
    }

    /**
     * Replaces (or creates) {@code target} with {@code content}, atomically and durably, owner-readable only.
     *
     * @param target  the file; its directory must exist
     * @param content the complete new content
     * @throws UncheckedIOException when the file cannot be written; the previous content is then intact
     */
    public static void write(Path target, byte[] content) {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = POSIX
                    ? Files.createTempFile(directory, "." + target.getFileName() + ".", TEMP_SUFFIX,
                            PosixFilePermissions.asFileAttribute(OWNER_FILE))
                    : Files.createTempFile(directory, "." + target.getFileName() + ".", TEMP_SUFFIX);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            forceDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Creates a directory (and its missing parents) that only the owner may list and enter. An existing directory
     * is left as it is.
     *
     * @param directory the directory
     * @return {@code directory}
     * @throws UncheckedIOException when it cannot be created
     */
    public static Path ownerOnlyDirectory(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                return directory;
            }
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileAttribute<?>[] attributes = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)}
                    : new FileAttribute<?>[0];
            return Files.createDirectory(directory, attributes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a file can be read or written by other OS users than its owner (always false where POSIX permissions
     * are not supported).
     *
     * @param file an existing file
     * @return true if group or others have any permission on it
     */
    public static boolean readableByOthers(Path file) {
        if (!POSIX) {
            return false;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes temporary files left in {@code directory} by writes that a crash interrupted.
     *
     * @param directory a directory written with {@link #write}; nothing happens if it does not exist
     */
    public static void deleteStaleTemporaryFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, ".*" + TEMP_SUFFIX)) {
            for (Path file : stale) {
                LOG.warn("Deleting {}, left by an interrupted write", file);
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename itself is still atomic there.
            LOG.debug("Cannot force directory {} to disk: {}", directory, e.toString());
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("Cannot delete temporary file {}: {}", temp, e.toString());
        }
    }
}

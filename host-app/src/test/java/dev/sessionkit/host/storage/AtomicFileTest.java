package dev.sessionkit.host.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @TempDir
    Path dir;

    @Test
    void writesAndReplacesOwnerReadableFilesLeavingNoTemporaryFile() throws Exception {
        Path target = dir.resolve("users.json");
        AtomicFile.write(target, "first".getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(target, "second".getBytes(StandardCharsets.UTF_8));

        assertEquals("second", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        if (POSIX) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            assertFalse(AtomicFile.readableByOthers(target));
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousContent() throws Exception {
        Path target = dir.resolve("kept.json");
        AtomicFile.write(target, "kept".getBytes(StandardCharsets.UTF_8));
        Path notADirectory = target.resolve("child.json");
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(notADirectory, new byte[] {1}));
        assertEquals("kept", Files.readString(target));
    }

    @Test
    void createsOwnerOnlyDirectoriesAndDeletesStaleTemporaryFiles() throws Exception {
        Path created = AtomicFile.ownerOnlyDirectory(dir.resolve("a").resolve("b"));
        assertTrue(Files.isDirectory(created));
        if (POSIX) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
            Path open = Files.writeString(dir.resolve("open"), "x");
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
            assertTrue(AtomicFile.readableByOthers(open));
        }
        Path stale = Files.writeString(created.resolve(".users.json.123.tmp"), "half");
        Path kept = Files.writeString(created.resolve("users.json"), "{}");
        AtomicFile.deleteStaleTemporaryFiles(created);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(kept));
    }
}

package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.testing.FailingChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that is full or cannot be written: changes are refused with {@code SESSION_DISK_FULL} or
 * {@code SESSION_STORE_NOT_WRITABLE} instead of being acknowledged and lost, the status says so, and writing resumes
 * once the disk works again. The files fail through {@link FailingChannels}, as a real full disk fails them.
 */
class PersistenceFailureTest {
    private static final String APP = "shop";
    private static final SessionRef.Global ALICE = new SessionRef.Global(APP,
            new UserIdentity("u-alice", "alice", "user"), Duration.ofMinutes(30));

    @TempDir
    Path folder;
    @TempDir
    Path copies;
    private final ManualClock clock = new ManualClock();
    private final FailingChannels channels = new FailingChannels();
    private final List<HostSessionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        channels.failWith(null);
        opened.forEach(HostSessionStore::close);
    }

    private HostSessionStore open(PersistenceMode mode, long compactAfterBytes) {
        HostSessionStore store = HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.promptExpiry = false;
            config.persistence.mode = mode;
            config.persistence.directory = folder;
            config.persistence.channels = channels;
            config.persistence.compactAfterBytes = compactAfterBytes;
        });
        opened.add(store);
        return store;
    }

    private static Map<String, JsonNode> value(int n) {
        return Map.of("n", IntNode.valueOf(n));
    }

    /** Waits for what the writer thread brings about; fails after ten seconds. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " did not happen within 10 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void withAlwaysAWriteTheDiskCannotTakeIsRefusedAsDiskFull() {
        HostSessionStore store = open(PersistenceMode.ALWAYS, PersistenceConfig.DEFAULT_COMPACT_AFTER_BYTES);
        store.put(ALICE, value(1), PutOptions.DEFAULT);
        channels.failWith(FailingChannels.DISK_FULL);

        InsufficientStorageException full = assertThrows(InsufficientStorageException.class,
                () -> store.put(ALICE, value(2), PutOptions.DEFAULT));

        assertEquals("SESSION_DISK_FULL", full.code());
        assertTrue(full.getMessage().contains("Free space"), "says how to fix it: " + full.getMessage());
        assertFalse(store.status().up());
        assertTrue(store.status().problem().contains("full"), store.status().problem());
        assertEquals("always", store.status().persistence());
        InsufficientStorageException next = assertThrows(InsufficientStorageException.class,
                () -> store.start(APP, SessionSpec.unbounded()), "later changes are refused before they happen");
        assertEquals("SESSION_DISK_FULL", next.code());
        assertEquals(1, store.backend().list(APP).size(), "the refused start created nothing");
        assertEquals(2, store.get(ALICE, null).get("n").intValue(), "reads still work");
    }

    @Test
    void withEverysecChangesAreRefusedOnceTheWriterFailsAndAcceptedAgainWhenTheDiskRecovers() {
        HostSessionStore store = open(PersistenceMode.EVERYSEC, PersistenceConfig.DEFAULT_COMPACT_AFTER_BYTES);
        store.put(ALICE, value(1), PutOptions.DEFAULT);
        channels.failWith(FailingChannels.DISK_FULL);
        store.put(ALICE, value(2), PutOptions.DEFAULT); // queued before the writer meets the full disk

        await("the store reports the full disk", () -> !store.status().up());
        InsufficientStorageException full = assertThrows(InsufficientStorageException.class,
                () -> store.put(ALICE, value(3), PutOptions.DEFAULT));
        assertEquals("SESSION_DISK_FULL", full.code());

        channels.failWith(null);
        await("the store writes again", () -> store.status().up());
        store.put(ALICE, value(4), PutOptions.DEFAULT);
        store.close();
        HostSessionStore after = open(PersistenceMode.EVERYSEC, PersistenceConfig.DEFAULT_COMPACT_AFTER_BYTES);
        assertEquals(4, after.get(ALICE, null).get("n").intValue(), "the write after recovery was kept");
    }

    @Test
    void aFileSystemThatCannotBeWrittenRefusesChangesAsNotWritable() {
        HostSessionStore store = open(PersistenceMode.ALWAYS, PersistenceConfig.DEFAULT_COMPACT_AFTER_BYTES);
        channels.failWith(FailingChannels.READ_ONLY);

        ServiceUnavailableException refused = assertThrows(ServiceUnavailableException.class,
                () -> store.put(ALICE, value(1), PutOptions.DEFAULT));

        assertEquals("SESSION_STORE_NOT_WRITABLE", refused.code());
        assertEquals(FailingChannels.READ_ONLY, refused.details().get("reason"));
        assertTrue(store.status().problem().contains(FailingChannels.READ_ONLY));
    }

    @Test
    void aFailedSnapshotLeavesThePreviousOneAndTheLogInForce() throws Exception {
        HostSessionStore store = open(PersistenceMode.ALWAYS, 1024);
        SessionRef.Token ref = new SessionRef.Token(APP, store.start(APP, SessionSpec.unbounded()).token());
        channels.failWith(FailingChannels.DISK_FULL, path -> path.getFileName().toString().endsWith(".tmp"));
        int written = 0;
        while (true) { // the log passes 1 KiB, the snapshot that should replace it fails
            try {
                store.put(ref, Map.of("n" + written, IntNode.valueOf(written)), PutOptions.DEFAULT);
            } catch (InsufficientStorageException refused) {
                assertEquals("SESSION_DISK_FULL", refused.code());
                break;
            }
            written++;
            assertTrue(written < 1000, "a snapshot was due long ago");
        }
        await("the store reports the failed snapshot", () -> !store.status().up());
        Path image = Files.createDirectories(copies.resolve("image"));
        for (String file : List.of(SessionPersistence.SNAPSHOT_FILE, SessionPersistence.LOG_FILE)) {
            Files.copy(folder.resolve(file), image.resolve(file));
        }
        assertFalse(Files.exists(folder.resolve(SessionPersistence.SNAPSHOT_FILE + ".tmp")), "no half snapshot");

        HostSessionStore crashed = HostSessionStore.embedded(config -> {
            config.clock = clock;
            config.persistence.mode = PersistenceMode.EVERYSEC;
            config.persistence.directory = image;
        });
        opened.add(crashed);
        Map<String, JsonNode> kept = crashed.get(ref, null);
        for (int i = 0; i < written; i++) {
            assertTrue(kept.containsKey("n" + i), "acknowledged write n" + i + " is in the old files");
        }

        channels.failWith(null);
        await("the snapshot is written on the next try", () -> store.status().up());
        store.put(ref, value(-1), PutOptions.DEFAULT);
        store.close();
        HostSessionStore after = open(PersistenceMode.ALWAYS, 1024);
        Map<String, JsonNode> recovered = after.get(ref, null);
        assertEquals(-1, recovered.get("n").intValue(), "the write after recovery");
        for (int i = 0; i < written; i++) {
            assertTrue(recovered.containsKey("n" + i), "acknowledged write n" + i + " is kept");
        }
    }
}

package dev.sessionkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.testkit.ManualClock;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store reading its kept sessions in the background ({@link CaffeineStoreConfig#readFilesInBackground},
 * the host's setting): it is returned at once, calls made meanwhile wait and then see the kept sessions, the status is
 * down until the files are read, and files that cannot be read fail {@code awaitOpen} and every call with a clear
 * code. The reading thread is held at a gate (its first look at the clock) so the test knows it is still reading.
 */
class BackgroundReadTest {
    private static final String APP = "shop";
    private static final SessionRef.Global ALICE = new SessionRef.Global(APP,
            new UserIdentity("u-alice", "alice", "user"), Duration.ofMinutes(30));
    private static final String READER = "sessionkit-session-files";

    @TempDir
    Path folder;
    private final ManualClock clock = new ManualClock();
    private final List<HostSessionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(HostSessionStore::close);
    }

    private HostSessionStore open(Path directory, Clock storeClock, boolean background) {
        HostSessionStore store = HostSessionStore.embedded(config -> {
            config.clock = storeClock;
            config.promptExpiry = false;
            config.persistence.mode = PersistenceMode.EVERYSEC;
            config.persistence.directory = directory;
            config.readFilesInBackground = background;
        });
        opened.add(store);
        return store;
    }

    @Test
    void callsMadeWhileTheFilesAreReadWaitForThemAndSeeTheKeptSessions() throws Exception {
        HostSessionStore before = open(folder, clock, false);
        before.put(ALICE, Map.of("n", IntNode.valueOf(7)), PutOptions.DEFAULT);
        before.close();
        CountDownLatch gate = new CountDownLatch(1);

        HostSessionStore store = open(folder, new GatedClock(clock, gate), true);
        assertFalse(store.status().up(), "down while reading");
        assertTrue(store.status().problem().contains("Reading the kept sessions"), store.status().problem());
        assertEquals("SESSION_STORE_NOT_OPEN", assertThrows(ServiceUnavailableException.class, store::usage).code(),
                "a metrics scrape does not wait for the files");
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<Map<String, JsonNode>> read = CompletableFuture.supplyAsync(() -> {
            caller.set(Thread.currentThread());
            return store.get(ALICE, null);
        });
        await("the call waits for the files", () -> caller.get() != null
                && caller.get().getState() == Thread.State.WAITING);
        assertFalse(read.isDone(), "the call waits while the files are read");

        gate.countDown();
        store.awaitOpen();

        assertEquals(7, read.get(10, TimeUnit.SECONDS).get("n").intValue(), "the waiting call saw the kept value");
        assertTrue(store.status().up());
        assertEquals("everysec", store.status().persistence());
    }

    @Test
    void filesThatCannotBeReadFailAwaitOpenAndEveryCallWithAClearCode() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("sessions"), "not a folder");

        HostSessionStore store = open(notAFolder, clock, true);

        UncheckedIOException failure = assertThrows(UncheckedIOException.class, store::awaitOpen);
        assertTrue(failure.getMessage().contains("Cannot read the session files"), failure.getMessage());
        assertFalse(store.status().up());
        assertTrue(store.status().problem().contains("could not be read"), store.status().problem());
        ServiceUnavailableException refused = assertThrows(ServiceUnavailableException.class,
                () -> store.get(ALICE, null));
        assertEquals("SESSION_STORE_NOT_OPEN", refused.code());
        assertSame(failure, refused.getCause());
        store.close();
        assertEquals("not a folder", Files.readString(notAFolder), "nothing was written over it");
    }

    @Test
    void anErrorWhileReadingFailsAwaitOpenAndCallsInsteadOfLeavingThemWaiting() {
        AssertionError broken = new AssertionError("the reading thread failed");

        HostSessionStore store = open(folder, new GatedClock(clock, null, broken), true);

        assertSame(broken, assertThrows(AssertionError.class, store::awaitOpen));
        assertFalse(store.status().up());
        assertEquals("SESSION_STORE_NOT_OPEN", assertThrows(ServiceUnavailableException.class,
                () -> store.get(ALICE, null)).code());
        store.close();
    }

    @Test
    void withoutBackgroundReadingUnreadableFilesFailTheCreation() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("sessions"), "not a folder");

        assertThrows(UncheckedIOException.class, () -> open(notAFolder, clock, false));
    }

    /** Waits for what another thread brings about; fails after ten seconds. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " did not happen within 10 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * A clock that holds the store's file-reading thread until the gate opens, or throws an error on that thread;
     * other threads read it freely.
     */
    private static final class GatedClock extends Clock {
        private final Clock clock;
        private final CountDownLatch gate;
        private final Error failure;

        GatedClock(Clock clock, CountDownLatch gate) {
            this(clock, gate, null);
        }

        GatedClock(Clock clock, CountDownLatch gate, Error failure) {
            this.clock = clock;
            this.gate = gate;
            this.failure = failure;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().equals(READER)) {
                if (failure != null) throw failure;
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return clock.instant();
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed by the store");
        }
    }
}

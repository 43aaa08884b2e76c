package dev.sessionkit.host.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.host.json.Json;
import dev.sessionkit.host.storage.JsonFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving apps: versions, backups, and a save interrupted by a failure leaving the previous app intact. */
class AppRepositoryTest {
    private static final ObjectMapper MAPPER = Json.newMapper();

    @TempDir
    Path dataDir;
    final ManualClock clock = new ManualClock();

    @Test
    void aSaveInterruptedByAFailureLeavesThePreviousAppIntact() throws IOException {
        Path apps = dataDir.resolve("apps");
        AtomicBoolean crash = new AtomicBoolean();
        BiConsumer<Path, JsonNode> writer = (file, json) -> {
            if (crash.get() && file.getFileName().toString().equals("shop.json")) {
                // What a crash mid-write leaves: a half-written temporary file, never a half-written app file.
                writeHalf(file, json);
                throw new UncheckedIOException(new IOException("injected failure: disk unplugged"));
            }
            new JsonFile(MAPPER, file).write(json);
        };
        AppRepository repository = AppRepository.open(MAPPER, apps, clock, writer);
        App v1 = repository.create("shop", "Shop", null, flows("[{\"id\": \"one\"}]"));
        byte[] before = Files.readAllBytes(apps.resolve("shop.json"));

        crash.set(true);
        assertThrows(UncheckedIOException.class, () -> repository.update("shop", 1, "Shop 2", null, flows("[]")));

        assertEquals(v1, repository.require("shop"), "the repository still answers the previous version");
        assertEquals(new String(before, StandardCharsets.UTF_8),
                Files.readString(apps.resolve("shop.json")), "the app file is untouched");
        AppRepository reopened = AppRepository.open(MAPPER, apps, clock);
        assertEquals(v1, reopened.require("shop"), "a restart reads the previous version");
        try (var files = Files.list(apps)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "the interrupted write's temporary file is cleaned up at start");
        }
        assertEquals(2, reopened.update("shop", 1, "Shop 2", null, flows("[]")).version(),
                "the failed save did not consume a version");
    }

    @Test
    void updatesCheckTheVersionAndKeepTheLastOneAsABackup() {
        Path apps = dataDir.resolve("apps");
        AppRepository repository = AppRepository.open(MAPPER, apps, clock);
        repository.create("shop", "Shop", null, null);
        clock.advance(java.time.Duration.ofMinutes(1));
        App v2 = repository.update("shop", 1, "Shop 2", 600L, flows("[]"));
        assertEquals(2, v2.version());
        assertEquals(clock.instant(), v2.updatedAt());
        assertTrue(v2.createdAt().isBefore(v2.updatedAt()));
        assertEquals(1, new JsonFile(MAPPER, apps.resolve("shop.json.bak")).read().orElseThrow().path("version")
                .asInt());

        ConflictException stale = assertThrows(ConflictException.class,
                () -> repository.update("shop", 1, "Shop 3", null, flows("[]")));
        assertEquals("VERSION_CONFLICT", stale.code());
        assertEquals(v2, repository.require("shop"));

        repository.delete("shop");
        assertEquals(2, new JsonFile(MAPPER, apps.resolve("shop.json.bak")).read().orElseThrow().path("version")
                .asInt(), "a deleted app's last version stays as a backup");
        assertTrue(AppRepository.open(MAPPER, apps, clock).find("shop").isEmpty(), "backups are not loaded as apps");
    }

    private static void writeHalf(Path file, JsonNode json) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(json);
            Files.write(file.resolveSibling("." + file.getFileName() + ".123.tmp"),
                    java.util.Arrays.copyOf(bytes, bytes.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArrayNode flows(String json) {
        try {
            return (ArrayNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

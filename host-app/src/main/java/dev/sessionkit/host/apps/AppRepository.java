package dev.sessionkit.host.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.host.storage.AtomicFile;
import dev.sessionkit.host.storage.JsonFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AppStore} of a single host: the app definitions, one JSON file per app in {@code <data-dir>/apps/<id>.json}, each written atomically, and held
 * in memory.
 *
 * <p>Every change is durable before it is visible: the new content is written to a temporary file, forced to disk and
 * renamed over the app's file ({@link AtomicFile}), so a crash or a failed write at any point leaves the previous
 * version intact and readable; only then does the repository answer with the new version. Before an update or a
 * deletion replaces a file, the previous version is kept as {@code <id>.json.bak} (one generation).
 *
 * <p>The first start (no {@code apps} directory yet) creates the {@value App#DEFAULT_ID} app. A deleted app stays
 * deleted. A file that is not a valid app stops the start with a message naming it, rather than being skipped and
 * later overwritten.
 *
 * <p>Thread-safe: reads are lock-free; creations and deletions are serialized, and each is published only after its
 * file was written or removed.
 */
public final class AppRepository implements AppStore {
    private static final Logger LOG = LoggerFactory.getLogger(AppRepository.class);
    private static final String SUFFIX = ".json";
    private static final String BACKUP_SUFFIX = ".json.bak";

    private final ObjectMapper mapper;
    private final Path directory;
    private final Clock clock;
    private final Object writeLock = new Object();
    private final ConcurrentMap<String, App> apps = new ConcurrentHashMap<>();
    private final BiConsumer<Path, JsonNode> writer;

    private AppRepository(ObjectMapper mapper, Path directory, Clock clock, BiConsumer<Path, JsonNode> writer) {
        this.mapper = mapper;
        this.directory = directory;
        this.clock = clock;
        this.writer = writer;
    }

    /**
     * Opens the apps directory, creating it with the default app on a first start.
     *
     * @param mapper    the host's mapper
     * @param directory {@code <data-dir>/apps}
     * @param clock     the clock for creation times
     * @return the repository
     * @throws IllegalStateException naming a file that is not a valid app
     */
    public static AppRepository open(ObjectMapper mapper, Path directory, Clock clock) {
        return open(mapper, directory, clock, (file, json) -> new JsonFile(mapper, file).write(json));
    }

    /**
     * Opens the apps directory with another way to write the files: tests inject failures with it.
     *
     * @param mapper    the host's mapper
     * @param directory {@code <data-dir>/apps}
     * @param clock     the clock for creation times
     * @param writer    writes one file atomically (throws, leaving the file as it was, when it cannot)
     * @return the repository
     */
    static AppRepository open(ObjectMapper mapper, Path directory, Clock clock, BiConsumer<Path, JsonNode> writer) {
        AppRepository repository = new AppRepository(mapper, directory, clock, writer);
        if (Files.isDirectory(directory)) {
            AtomicFile.deleteStaleTemporaryFiles(directory);
            repository.loadAll();
        } else {
            AtomicFile.ownerOnlyDirectory(directory);
            repository.create(App.DEFAULT_ID, "Default", null, null);
            LOG.info("Created the '{}' app", App.DEFAULT_ID);
        }
        return repository;
    }

    @Override
    public List<App> all() {
        return apps.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    @Override
    public Optional<App> find(String id) {
        return Optional.ofNullable(apps.get(id));
    }

    /**
     * Creates an app at version 1 and writes its file.
     *
     * @param id                        the app id
     * @param name                      the display name
     * @param sessionIdleTimeoutSeconds the GLOBAL idle timeout, or null for the host's default
     * @param flows                     the flows, or null for none
     * @return the app
     * @throws dev.sessionkit.api.error.InvalidInputException for an invalid id, name, timeout or flows
     * @throws ConflictException code {@code APP_EXISTS}
     */
    @Override
    public App create(String id, String name, Long sessionIdleTimeoutSeconds,
                      ArrayNode flows) {
        Instant now = clock.instant();
        App app = new App(id, name, 1, sessionIdleTimeoutSeconds, flows, now, now);
        synchronized (writeLock) {
            if (apps.containsKey(id)) {
                throw AppStore.exists(id);
            }
            writer.accept(fileOf(id), app.toJson());
            apps.put(id, app);
        }
        return app;
    }


    /**
     * Replaces an app's definition as {@link #update(String, long, String, Long, ArrayNode)} does, with flows made
     * from the current version once it is known to be the one the caller read (under the write lock, so no other save
     * comes between): a save that keeps secret values the caller never saw takes them from that version.
     *
     * @param id                        the app id
     * @param expectedVersion           the version the caller read
     * @param name                      the new display name
     * @param sessionIdleTimeoutSeconds the new GLOBAL idle timeout, or null for the host's default
     * @param flowsFrom                 makes the new flows (validated) from the current version; its exceptions
     *                                  propagate and nothing is written
     * @return the new version
     * @throws NotFoundException code {@code APP_NOT_FOUND}
     * @throws ConflictException code {@code VERSION_CONFLICT} as above
     */
    @Override
    public App update(String id, long expectedVersion, String name, Long sessionIdleTimeoutSeconds,
                      Function<App, ArrayNode> flowsFrom) {
        synchronized (writeLock) {
            App current = require(id);
            if (current.version() != expectedVersion) {
                throw AppStore.versionConflict(id, expectedVersion, current.version());
            }
            App updated = new App(id, name, current.version() + 1, sessionIdleTimeoutSeconds,
                    flowsFrom.apply(current), current.createdAt(), clock.instant());
            writer.accept(backupOf(id), current.toJson());
            writer.accept(fileOf(id), updated.toJson());
            apps.put(id, updated);
            LOG.info("Saved app {} as version {}", id, updated.version());
            return updated;
        }
    }

    /**
     * Deletes an app and its file.
     *
     * @param id the app id
     * @return the deleted app
     * @throws NotFoundException code {@code APP_NOT_FOUND}
     */
    @Override
    public App delete(String id) {
        synchronized (writeLock) {
            App app = require(id);
            writer.accept(backupOf(id), app.toJson());
            try {
                Files.deleteIfExists(fileOf(id));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + fileOf(id) + ": " + e.getMessage(), e);
            }
            apps.remove(id);
            LOG.info("Deleted app {} (version {} kept as {})", id, app.version(), backupOf(id).getFileName());
            return app;
        }
    }

    private void loadAll() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                App app = read(file);
                apps.put(app.id(), app);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
        LOG.info("Loaded {} app(s) from {}", apps.size(), directory);
    }

    private App read(Path file) {
        String expectedId = file.getFileName().toString();
        expectedId = expectedId.substring(0, expectedId.length() - SUFFIX.length());
        App app;
        try {
            app = App.fromJson(new JsonFile(mapper, file).read().orElseThrow());
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is not a valid app (" + e.getMessage() + "). Fix it, or move it "
                    + "out of " + directory + ", then start again.", e);
        }
        if (!app.id().equals(expectedId)) {
            throw new IllegalStateException(file + " holds the app '" + app.id() + "'; an app's file must be named "
                    + "after its id. Rename it to " + app.id() + SUFFIX + ", then start again.");
        }
        return app;
    }

    private Path fileOf(String id) {
        return directory.resolve(id + SUFFIX);
    }

    private Path backupOf(String id) {
        return directory.resolve(id + BACKUP_SUFFIX);
    }
}

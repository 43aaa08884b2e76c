package dev.sessionkit.host.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionkit.host.cluster.SharedState;
import dev.sessionkit.host.cluster.Versioned;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AppStore} of a cluster: app definitions in Redis, shared by every host. {@code {ns}:apps} maps app ids to
 * their definitions (JSON, as in {@code <id>.json}), {@code {ns}:app-versions} to their versions; a change is one
 * script that checks the version (or that the id is free) and raises the {@code apps} version in {@code {ns}:versions}.
 *
 * <p>Reads answer from a snapshot of every app, keyed by the {@code apps} version: each read first asks Redis for
 * that version (one small round trip) and reloads the snapshot when another host changed an app, so an app saved on
 * one host runs on every host's next request. Thread-safe.
 */
public final class RedisAppStore implements AppStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAppStore.class);
    private static final String KIND = "apps";
    private static final String WHAT = "The shared apps";

    /** KEYS apps, app-versions, versions; ARGV id, JSON → created, or EXISTS. */
    private static final String CREATE = """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {'EXISTS'} end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('HSET', KEYS[2], ARGV[1], 1)
            return {'OK', redis.call('HINCRBY', KEYS[3], 'apps', 1)}
            """;

    /** KEYS apps, app-versions, versions; ARGV id, expected version, JSON of the next version. */
    private static final String UPDATE = """
            local current = redis.call('HGET', KEYS[2], ARGV[1])
            if not current then return {'NOT_FOUND'} end
            if tonumber(current) ~= tonumber(ARGV[2]) then return {'CONFLICT', tonumber(current)} end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[1], tonumber(current) + 1)
            return {'OK', redis.call('HINCRBY', KEYS[3], 'apps', 1)}
            """;

    /** KEYS apps, app-versions, versions; ARGV id → the deleted definition. */
    private static final String DELETE = """
            local json = redis.call('HGET', KEYS[1], ARGV[1])
            if not json then return {'NOT_FOUND'} end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[2], ARGV[1])
            return {'OK', redis.call('HINCRBY', KEYS[3], 'apps', 1), json}
            """;

    /** KEYS apps, versions → {version, id1, json1, ...}: every app as of one version. */
    private static final String READ = """
            local out = {tonumber(redis.call('HGET', KEYS[2], 'apps') or '0')}
            for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do out[#out + 1] = v end
            return out
            """;

    private final SharedState shared;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Versioned<Map<String, App>> apps = new Versioned<>(Map.of());

    /**
     * Reads the apps, creating the {@value App#DEFAULT_ID} app when the cluster has never had any (once, whichever
     * hosts start at the same moment), and follows their changes.
     *
     * @param shared the cluster's shared state
     * @param mapper the host's mapper
     * @param clock  the clock for creation times
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when Redis cannot be reached
     */
    public RedisAppStore(SharedState shared, ObjectMapper mapper, Clock clock) {
        this.shared = shared;
        this.mapper = mapper;
        this.clock = clock;
        reload();
        shared.watch(KIND, apps::version, this::reload);
    }

    /**
     * Creates the default app when the cluster has never had an app (the {@code apps} version is 0): a later deletion
     * of every app is respected. Of several hosts starting at once, one creates it.
     */
    public void createDefaultOnFirstStart() {
        if (shared.version(KIND) > 0) return;
        Instant now = clock.instant();
        App app = new App(App.DEFAULT_ID, "Default", 1, null, null, now, now);
        List<Object> reply = shared.script(WHAT, CREATE, keys(), app.id(), json(app));
        if (reply.get(0).equals("OK")) LOG.info("Created the '{}' app", App.DEFAULT_ID);
        reload();
    }

    @Override
    public List<App> all() {
        return current().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    @Override
    public Optional<App> find(String id) {
        return Optional.ofNullable(current().get(id));
    }

    @Override
    public App create(String id, String name, Long sessionIdleTimeoutSeconds, ArrayNode flows) {
        Instant now = clock.instant();
        App app = new App(id, name, 1, sessionIdleTimeoutSeconds, flows, now, now);
        List<Object> reply = shared.script(WHAT, CREATE, keys(), id, json(app));
        if (reply.get(0).equals("EXISTS")) throw AppStore.exists(id);
        reload();
        return app;
    }

    @Override
    public App update(String id, long expectedVersion, String name, Long sessionIdleTimeoutSeconds,
                      Function<App, ArrayNode> flowsFrom) {
        App current = require(id);
        if (current.version() != expectedVersion) {
            throw AppStore.versionConflict(id, expectedVersion, current.version());
        }
        App updated = new App(id, name, expectedVersion + 1, sessionIdleTimeoutSeconds, flowsFrom.apply(current),
                current.createdAt(), clock.instant());
        List<Object> reply = shared.script(WHAT, UPDATE, keys(), id, Long.toString(expectedVersion), json(updated));
        switch ((String) reply.get(0)) {
            case "NOT_FOUND" -> throw AppStore.notFound(id);
            case "CONFLICT" -> throw AppStore.versionConflict(id, expectedVersion, (Long) reply.get(1));
            default -> {
                reload();
                LOG.info("Saved app {} as version {}", id, updated.version());
                return updated;
            }
        }
    }

    @Override
    public App delete(String id) {
        List<Object> reply = shared.script(WHAT, DELETE, keys(), id);
        if (reply.get(0).equals("NOT_FOUND")) throw AppStore.notFound(id);
        reload();
        App app = parse((String) reply.get(2));
        LOG.info("Deleted app {} (version {})", id, app.version());
        return app;
    }

    /** The apps as of the newest version in Redis: a read that finds a newer version reloads first. */
    private Map<String, App> current() {
        if (shared.version(KIND) > apps.version()) reload();
        return apps.get();
    }

    private void reload() {
        List<Object> reply = shared.script(WHAT, READ, List.of(shared.key("apps"), shared.key("versions")));
        Map<String, App> read = new LinkedHashMap<>();
        for (int i = 1; i < reply.size(); i += 2) {
            read.put((String) reply.get(i), parse((String) reply.get(i + 1)));
        }
        apps.offer((Long) reply.get(0), Map.copyOf(read));
    }

    private List<String> keys() {
        return List.of(shared.key("apps"), shared.key("app-versions"), shared.key("versions"));
    }

    private String json(App app) {
        try {
            return mapper.writeValueAsString(app.toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write an app as JSON", e);
        }
    }

    private App parse(String json) {
        try {
            return App.fromJson(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An app in Redis is not JSON: the namespace is shared with another "
                    + "program", e);
        }
    }
}

package dev.sessionkit.host.cluster;

import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.store.RedisConnection;
import dev.sessionkit.store.RedisUrl;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state several hosts share through Redis besides the sessions: user accounts, apps, revoked tokens, the
 * signing key, execution history, plugins and rate-limit buckets ({@link SharedBuckets}) (cluster mode,
 * {@code --redis-url}). One Lettuce connection; keys {@code {ns}:host:...}, under the
 * namespace's hash tag (every script is legal on a Redis Cluster) and apart from the session store's keys.
 *
 * <h2>How changes reach every host</h2>
 * Each kind of state has a version in the hash {@code {ns}:versions}, raised by the same script that changes the
 * state. A host that changes state reloads its own snapshot at once; every host polls the versions every
 * {@value #POLL_MILLIS} ms and reloads a kind whose version it has not seen (also after Redis was unreachable, and
 * on start), so a change reaches every host within a fraction of a second and nothing is missed while a host was
 * disconnected. Snapshots are keyed by version and never replaced by an older one. Reads that must see the newest
 * version at once (an app definition) ask Redis for the version first.
 *
 * <p>Failures to reach Redis become {@link ServiceUnavailableException} {@code SHARED_STATE_UNAVAILABLE} (503).
 * Thread-safe.
 */
public final class SharedState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedState.class);
    /** How often the versions are polled. */
    static final long POLL_MILLIS = 200;
    /** How long a command may take before it counts as Redis being unreachable. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final RedisConnection redis;
    private final String prefix;
    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;
    private volatile boolean reachable = true;

    /** A kind of state, the version this host holds, and how to read it again. */
    private record Watcher(String kind, LongSupplier held, Runnable reload) {
    }

    private SharedState(RedisConnection redis, String namespace) {
        this.redis = redis;
        this.prefix = "{" + namespace + "}:host:";
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sessionkit-shared-state");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects to Redis.
     *
     * @param url       the Redis URL ({@link RedisUrl})
     * @param namespace the namespace, as the session store's
     * @return the shared state, polling for changes
     * @throws IllegalStateException when Redis cannot be reached or evicts keys
     */
    public static SharedState connect(String url, String namespace) {
        SharedState state = new SharedState(RedisConnection.open(RedisUrl.parse(url, TIMEOUT), TIMEOUT), namespace);
        state.poller.scheduleWithFixedDelay(state::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return state;
    }

    /** @return the connection, for {@link SharedBuckets} */
    RedisConnection connection() {
        return redis;
    }

    /**
     * @param what what could not be reached, for the message ("The shared sign-in counts")
     * @param e    the failure
     * @return the 503 {@code SHARED_STATE_UNAVAILABLE} to throw; marks Redis unreachable
     */
    ServiceUnavailableException unavailable(String what, RuntimeException e) {
        reachable = false;
        return redis.unavailable("SHARED_STATE_UNAVAILABLE", what, e);
    }

    /** @param suffix a key's name in the namespace @return the full key, {@code {ns}:host:suffix} */
    public String key(String suffix) {
        return prefix + suffix;
    }

    /** @return the key of the versions hash */
    String versionsKey() {
        return key("versions");
    }

    /**
     * Runs commands, turning a failure to reach Redis into a 503.
     *
     * @param what     what is read or changed, for the error message ("The shared user accounts")
     * @param commands the commands
     * @param <T>      what they answer
     * @return their answer
     */
    public <T> T call(String what, Function<RedisClusterCommands<String, String>, T> commands) {
        try {
            T answer = commands.apply(redis.commands());
            reachable = true;
            return answer;
        } catch (RedisException e) {
            throw unavailable(what, e);
        }
    }

    /**
     * Runs a script once (EVALSHA, or EVAL when Redis forgot it after a restart), as {@link #call} does.
     *
     * @param what   what is changed, for the error message
     * @param script the Lua script
     * @param keys   its keys (all in the namespace)
     * @param args   its arguments
     * @return its reply: a status string first
     */
    public List<Object> script(String what, String script, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        return call(what, commands -> {
            String sha = shas.computeIfAbsent(script, commands::scriptLoad);
            try {
                return commands.evalsha(sha, ScriptOutputType.MULTI, keyArray, args);
            } catch (RedisNoScriptException e) {
                return commands.eval(script, ScriptOutputType.MULTI, keyArray, args);
            }
        });
    }

    /**
     * Reloads a kind of state whenever its version in Redis is newer than the one this host holds.
     *
     * @param kind   the field in {@code {ns}:versions}
     * @param held   the version this host holds
     * @param reload reads the state again with its version (may throw while Redis is down: it is tried again at the
     *               next poll)
     */
    public void watch(String kind, LongSupplier held, Runnable reload) {
        watchers.add(new Watcher(kind, held, reload));
    }

    /**
     * Runs a task every {@code millis} milliseconds on the shared state's thread (a host's heartbeat); a failure to
     * reach Redis is skipped, as the polling is.
     *
     * @param task   the task
     * @param millis the period
     */
    public void every(long millis, Runnable task) {
        poller.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (ServiceUnavailableException e) {
                // Redis is down: the next run tries again.
            } catch (RuntimeException e) {
                LOG.error("A periodic cluster task failed; it runs again", e);
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** @param kind a kind of state @return its version in Redis now (0 when it never changed) */
    public long version(String kind) {
        String version = call("The shared state", commands -> commands.hget(versionsKey(), kind));
        return version == null ? 0 : Long.parseLong(version);
    }

    /** @return whether Redis answered the last command */
    public boolean reachable() {
        return reachable;
    }

    private void poll() {
        List<Watcher> all = List.copyOf(watchers);
        if (all.isEmpty()) return;
        List<KeyValue<String, String>> versions;
        try {
            versions = call("The shared state", commands -> commands.hmget(versionsKey(),
                    all.stream().map(Watcher::kind).toArray(String[]::new)));
        } catch (ServiceUnavailableException e) {
            return; // Redis is down: the next poll tries again.
        }
        for (int i = 0; i < all.size(); i++) {
            Watcher watcher = all.get(i);
            long version = versions.get(i).hasValue() ? Long.parseLong(versions.get(i).getValue()) : 0;
            if (version <= watcher.held().getAsLong()) continue;
            try {
                watcher.reload().run();
            } catch (ServiceUnavailableException e) {
                // Redis is down: the next poll tries again; requests meanwhile answer 503 or use the last snapshot.
            } catch (RuntimeException e) {
                LOG.error("Reloading the shared {} failed; the last version stays in use", watcher.kind(), e);
            }
        }
    }

    /** Stops polling and closes the connection. Idempotent. */
    @Override
    public void close() {
        poller.shutdownNow();
        redis.close();
    }
}

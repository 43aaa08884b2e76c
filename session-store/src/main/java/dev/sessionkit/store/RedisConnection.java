package dev.sessionkit.store;

import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.ServiceUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared Lettuce connection to a Redis server or cluster, and the session store's script on it.
 *
 * <p>Lettuce's defaults do not suit a request path (a 60 s command timeout, an unbounded queue, commands buffered
 * while disconnected); here a command fails after the configured timeout (the script's reply is awaited with a
 * deadline; the synchronous commands of the start-up checks use the URL's timeout), commands are rejected at once while
 * disconnected, the queue is bounded, the client reconnects by itself, and a cluster refreshes its topology
 * periodically and on redirects. Every failure to reach Redis becomes a {@link ServiceUnavailableException} with code
 * {@code SESSION_STORE_UNAVAILABLE}. Lettuce's own debug log prints command arguments (values, token hashes): keep
 * the {@code io.lettuce} logger at INFO or above, as the host's logging configuration does.
 *
 * <p>Thread-safe: Lettuce pipelines concurrent commands on the one connection.
 */
public final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final String SCRIPT_RESOURCE = "redis-session-store.lua";
    /** Errors of a Redis that is starting, failing over or busy: worth a 503 and a retry, not a 500. */
    private static final Pattern TRANSIENT = Pattern.compile(
            "(LOADING|BUSY|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY|NOREPLICAS|MOVED|ASK)\\b");
    /** Keys as UTF-8 text, values as bytes: the codec of {@link #binaryCommands()}. */
    private static final RedisCodec<String, byte[]> BINARY_VALUES = RedisCodec.of(StringCodec.UTF8,
            ByteArrayCodec.INSTANCE);
    /** Commands waiting for Redis at most; more are refused at once rather than queued without bound. */
    private static final int REQUEST_QUEUE = 10_000;

    /**
     * The event loops and timers of every connection in this JVM, made on first use and kept for the JVM's life (its
     * threads are daemons): a host has one connection, tests open many.
     */
    private static volatile ClientResources shared;

    private final RedisUrl url;
    private final AutoCloseable client;
    private final AutoCloseable connection;
    private final RedisScriptingCommands<String, String> commands;
    private final RedisScriptingAsyncCommands<String, String> async;
    private final long timeoutNanos;
    private final StatefulRedisClusterConnection<String, String> cluster;
    private final StatefulRedisConnection<String, String> standalone;
    private final String script;
    private final String sha;
    /** Opens a connection with binary values over the same client and options. */
    private final Supplier<StatefulConnection<String, byte[]>> binaryConnector;
    private StatefulConnection<String, byte[]> binary;

    private RedisConnection(RedisUrl url, Duration timeout, AutoCloseable client,
                            StatefulRedisConnection<String, String> standalone,
                            StatefulRedisClusterConnection<String, String> cluster,
                            Supplier<StatefulConnection<String, byte[]>> binaryConnector) {
        this.url = url;
        this.client = client;
        this.binaryConnector = binaryConnector;
        this.standalone = standalone;
        this.cluster = cluster;
        this.connection = standalone != null ? standalone : cluster;
        this.commands = standalone != null ? standalone.sync() : cluster.sync();
        this.async = standalone != null ? standalone.async() : cluster.async();
        this.timeoutNanos = timeout.toNanos();
        this.script = readScript();
        this.sha = sha1(script);
    }

    /**
     * Connects, checks that Redis never evicts keys, and loads the script.
     *
     * @param url     where Redis is
     * @param timeout the command and connect timeout
     * @return the connection
     * @throws IllegalStateException when Redis cannot be reached, refuses the credentials, or evicts keys
     */
    public static RedisConnection open(RedisUrl url, Duration timeout) {
        ClientResources resources = resources();
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
        RedisConnection opened;
        try {
            if (url.cluster()) {
                RedisClusterClient client = RedisClusterClient.create(resources, url.nodes());
                client.setOptions(ClusterClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .requestQueueSize(REQUEST_QUEUE)
                        .socketOptions(socket)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(Duration.ofSeconds(30))
                                .enableAllAdaptiveRefreshTriggers()
                                .build())
                        .build());
                opened = new RedisConnection(url, timeout, client::shutdown, null, client.connect(),
                        () -> client.connect(BINARY_VALUES));
            } else {
                RedisClient client = RedisClient.create(resources, url.nodes().get(0));
                client.setOptions(ClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .requestQueueSize(REQUEST_QUEUE)
                        .socketOptions(socket)
                        .build());
                opened = new RedisConnection(url, timeout, client::shutdown, client.connect(), null,
                        () -> client.connect(BINARY_VALUES));
            }
        } catch (RedisException e) {
            throw new IllegalStateException("Cannot connect to the session store's Redis at " + url + ": "
                    + rootMessage(e) + ". Check the address, the password and that Redis is running.", e);
        }
        try {
            opened.refuseEvictingPolicy();
            opened.commands.scriptLoad(opened.script);
        } catch (RuntimeException e) {
            opened.close();
            if (e instanceof IllegalStateException) throw e;
            throw new IllegalStateException("The session store's Redis at " + url + " did not answer: "
                    + rootMessage(e), e);
        }
        return opened;
    }

    /**
     * Runs the script once: one EVALSHA (an EVAL after a Redis restart or failover forgot the script).
     *
     * @param namespaceKey the namespace prefix, {@code {ns}}
     * @param args         the operation and its arguments
     * @return the script's reply
     * @throws ServiceUnavailableException code {@code SESSION_STORE_UNAVAILABLE} when Redis cannot be reached in time
     * @throws InsufficientStorageException code {@code STORE_FULL} when Redis is at its {@code maxmemory}
     */
    List<Object> run(String namespaceKey, String... args) {
        String[] keys = {namespaceKey};
        try {
            try {
                return await(async.evalsha(sha, ScriptOutputType.MULTI, keys, args));
            } catch (RedisNoScriptException e) {
                LOG.info("Redis had forgotten the session store's script (a restart or a failover); loading it again");
                return await(async.eval(script, ScriptOutputType.MULTI, keys, args));
            }
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("OOM")) {
                throw new InsufficientStorageException("STORE_FULL", "The session store's Redis is at its memory limit"
                        + " (maxmemory), so nothing more can be stored. End sessions that are no longer needed, or"
                        + " raise Redis's maxmemory.", Map.of("redis", url.toString()));
            }
            if (TRANSIENT.matcher(message).lookingAt()) throw unavailable(e);
            throw new IllegalStateException("Redis refused the session store's script: " + message, e);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /**
     * Waits for a reply at most the command timeout: a future with a deadline instead of Lettuce's timeout options,
     * which schedule a timer task for every command.
     */
    private static <T> T await(RedisFuture<T> future, long timeoutNanos) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RedisCommandTimeoutException("no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new RedisException("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisException redis) throw redis;
            throw new RedisException(cause == null ? "failed" : cause.toString(), cause);
        }
    }

    private <T> T await(RedisFuture<T> future) {
        return await(future, timeoutNanos);
    }

    /** @return the replies of {@code INFO <section>} of every master (one for a single server) */
    List<String> infoOfMasters(String section) {
        if (standalone != null) return List.of(standalone.sync().info(section));
        List<String> infos = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                infos.add(cluster.getConnection(node.getNodeId()).sync().info(section));
            }
        }
        return infos;
    }

    /**
     * The plain commands, for the host's other shared state (users, apps, revocations): synchronous, with the URL's
     * timeout; on a cluster they are routed by key. Failures are Lettuce's {@code RedisException}s: turn them into
     * product errors with {@link #unavailable(String, String, RuntimeException)}.
     *
     * @return the commands
     */
    public RedisClusterCommands<String, String> commands() {
        return standalone != null ? standalone.sync() : cluster.sync();
    }

    /**
     * Asynchronous commands whose values are bytes, for libraries that keep binary state (Bucket4j's buckets): a
     * second connection to the same Redis with the same options (rejected at once while disconnected, reconnecting by
     * itself), opened on first use and closed with this one. Replies have no deadline of their own: await them with
     * the command timeout. Failures (also to open the connection) are Lettuce's {@code RedisException}s, as for
     * {@link #commands()}.
     *
     * @return the commands, on a cluster routed by key
     */
    public synchronized RedisClusterAsyncCommands<String, byte[]> binaryCommands() {
        if (binary == null) {
            StatefulConnection<String, byte[]> opened = binaryConnector.get();
            if (opened instanceof StatefulRedisClusterConnection<String, byte[]> nodes) {
                // A cluster connection opens its connection to each node on first use, and commands sent meanwhile
                // are rejected (REJECT_COMMANDS): open them now (by address, as commands routed by slot look them
                // up), as SCRIPT LOAD at start does for the text connection.
                for (RedisClusterNode node : nodes.getPartitions()) {
                    if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                        nodes.getConnection(node.getUri().getHost(), node.getUri().getPort());
                    }
                }
            }
            binary = opened;
        }
        return binary instanceof StatefulRedisConnection<String, byte[]> one ? one.async()
                : ((StatefulRedisClusterConnection<String, byte[]>) binary).async();
    }

    /** @return the URL without credentials */
    public RedisUrl url() {
        return url;
    }

    /** @return whether the connection is open now (Lettuce reconnects by itself) */
    boolean isOpen() {
        return standalone != null ? standalone.isOpen() : cluster.isOpen();
    }

    ServiceUnavailableException unavailable(RuntimeException e) {
        return unavailable("SESSION_STORE_UNAVAILABLE", "The session store", e);
    }

    /**
     * @param code a product error code, e.g. {@code SHARED_STATE_UNAVAILABLE}
     * @param what what could not be reached, e.g. "The shared user accounts"
     * @param e    Lettuce's failure
     * @return the 503 answer: what is unavailable, that nothing changed, what operators can check
     */
    public ServiceUnavailableException unavailable(String code, String what, RuntimeException e) {
        return new ServiceUnavailableException(code, what + " (Redis at " + url + ") cannot be reached right now: "
                + rootMessage(e) + ". Nothing was changed; retry in a moment. Operators: check that Redis is running"
                + " and reachable; the host reconnects by itself.",
                Map.of("store", url.cluster() ? "redis-cluster" : "redis"), e);
    }

    /** Refuses a Redis that may evict keys: counters and "nothing live is ever evicted" would break. */
    private void refuseEvictingPolicy() {
        for (String info : infoOfMasters("memory")) {
            String policy = field(info, "maxmemory_policy");
            if (policy != null && !policy.equals("noeviction")) {
                throw new IllegalStateException("The session store's Redis at " + url + " has maxmemory-policy "
                        + policy + ", which evicts keys when memory runs short: sessions would vanish and the store's"
                        + " counters break. Set 'maxmemory-policy noeviction' in redis.conf (or CONFIG SET"
                        + " maxmemory-policy noeviction) and start again.");
            }
        }
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1).trim();
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("://[^@/\\s]*@", "://");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-1, this one does not", e);
        }
    }

    private static String readScript() {
        try (InputStream in = RedisConnection.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            Objects.requireNonNull(in, "the script " + SCRIPT_RESOURCE + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the session store's script", e);
        }
    }

    /** Closes the connection and the client's threads. Idempotent. */
    @Override
    public void close() {
        try {
            synchronized (this) {
                if (binary != null) binary.close();
            }
            connection.close();
            client.close();
        } catch (Exception e) {
            LOG.warn("Closing the connection to Redis at {} failed: {}", url, e.toString());
        }
    }

    private static ClientResources resources() {
        ClientResources made = shared;
        if (made != null) return made;
        synchronized (RedisConnection.class) {
            if (shared == null) shared = DefaultClientResources.create();
            return shared;
        }
    }
}

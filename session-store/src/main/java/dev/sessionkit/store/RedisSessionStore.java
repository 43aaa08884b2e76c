package dev.sessionkit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.data.DataType;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.ServiceUnavailableException;
import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.UpdateResult;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionBackend} that several hosts share: GLOBAL, TOKEN and SHARED sessions in Redis (a server or a
 * Redis Cluster), with the same behaviour as the embedded store; the contract suite runs against it on both.
 *
 * <h2>One round trip per operation</h2>
 * Every data operation is one EVALSHA of one Lua script ({@code redis-session-store.lua}, loaded once, reloaded by an
 * EVAL after a Redis restart or failover forgot it). The script applies due expiry, checks {@code expectedVersion},
 * set-if-absent and the limits before writing anything, writes, bumps the version and renews, atomically: two hosts
 * writing one session never lose an update. There are no WATCH/MULTI retries and no read-then-write from Java.
 *
 * <h2>Expiry</h2>
 * Exactly the embedded store's: absolute TTL, idle timeout, extend on get/set, END_SESSION or DELETE_DATA, exact on
 * access, times from the injected clock as (seconds, nanoseconds) pairs so nothing is lost in Lua's doubles. Redis's
 * own TTL, keyspace notifications and eviction are never used. Every host sweeps due sessions each second through a
 * per-app index scored by deadline; the sweep is idempotent, so hosts may overlap.
 *
 * <h2>Keys</h2>
 * All under one hash tag, {@code {namespace}}: {@code :s:<app>:g:<userId>} and {@code :s:<app>:t:<publicId>} (a
 * session: a hash of meta and data, both MessagePack; a token appears in no key, only its public id, and the session
 * keeps the full SHA-256 of its token to check it), {@code :i:<app>} (a sorted set of the app's sessions by deadline:
 * the sweep's index and the admin list), {@code :n:<app>} (SHARED names), {@code :apps} (the apps that have sessions: what
 * the sweep and logout everywhere visit), and {@code :c} (counters: bytes, live sessions by
 * scope, expirations, and the bytes and number of anonymous sessions). See docs/architecture.md.
 *
 * <h2>Failures</h2>
 * A command fails after {@link RedisStoreConfig#commandTimeout} and is refused at once while disconnected: operations
 * then throw {@link ServiceUnavailableException} {@code SESSION_STORE_UNAVAILABLE} (HTTP 503), {@link #status()} says
 * the store is down, and the store recovers by itself when Redis is back. It never falls back to memory. Redis at its
 * {@code maxmemory} gives {@code STORE_FULL}. Creation refuses a Redis whose {@code maxmemory-policy} evicts keys.
 *
 * <p>Thread-safe. Nothing of a value or a token is ever logged.
 */
public final class RedisSessionStore implements SessionBackend {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final int SWEEP_BATCH = 200;
    private static final int SWEEP_ROUNDS = 50;
    private static final int END_APP_BATCH = 500;
    private static final int INFO_BATCH = 200;
    /** Where a data operation's own arguments start, after its addressing (see {@link #address}). */
    private static final int FIRST = 10;
    /** Durations at least this long never end (no deadline): about 31,700 years. */
    private static final long NEVER_SECONDS = 1_000_000_000_000L;
    private static final String[] NO_GLOBAL = {"0", "0", "\"\"", "\"\""};
    /** A reply's status when the call created a GLOBAL session (the script's 'OK' otherwise). */
    private static final String CREATED_GLOBAL = "OK_CREATED_GLOBAL";
    private static final ObjectMapper WRITER = new ObjectMapper();
    /** Reads values back exactly as written: decimals keep their digits and scale. */
    private static final ObjectMapper READER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final RedisConnection redis;
    private final String namespaceKey;
    private final Clock clock;
    private final SessionLimits limits;
    private final AnonymousLimits anonymous;
    /** Told of each round trip (the config's observer). */
    private final StoreObserver roundTrips;
    /** Told of each GLOBAL session this host's calls create and each session they end ({@link #observe}). */
    private volatile StoreObserver observer = StoreObserver.NONE;
    private final SessionTokens tokens = new SessionTokens();
    /** The store's bytes in Redis as last seen in a reply: what the LOCAL budget counts as held elsewhere. */
    private volatile long lastSeenBytes;
    private final ByteBudget localBudget;
    private final ExpirySweeper sweeper;
    private volatile String problem;
    private volatile boolean closed;

    private RedisSessionStore(RedisStoreConfig config, RedisConnection redis) {
        this.redis = redis;
        this.namespaceKey = "{" + config.namespace + "}";
        this.clock = config.clock;
        this.limits = config.limits;
        this.anonymous = config.anonymous;
        this.roundTrips = config.observer;
        this.localBudget = new ByteBudget(limits.maxTotalBytes(), () -> lastSeenBytes);
        this.sweeper = config.promptExpiry ? new ExpirySweeper(this::sweepQuietly, SWEEP_INTERVAL) : null;
    }

    /**
     * Connects to Redis and creates a store.
     *
     * @param configurer sets the fields of a {@link RedisStoreConfig}
     * @return a new, open store
     * @throws IllegalArgumentException when a setting is missing or not valid (the URL, the namespace)
     * @throws IllegalStateException    when Redis cannot be reached or its {@code maxmemory-policy} evicts keys
     */
    public static RedisSessionStore create(Consumer<RedisStoreConfig> configurer) {
        RedisStoreConfig config = new RedisStoreConfig();
        configurer.accept(config);
        return create(config);
    }

    /** @param config the settings, checked @return a new, open store (see {@link #create(Consumer)}) */
    static RedisSessionStore create(RedisStoreConfig config) {
        if (config.url == null || config.clock == null || config.limits == null || config.commandTimeout == null
                || config.observer == null || config.namespace == null || config.anonymous == null) {
            throw new IllegalArgumentException("RedisStoreConfig: url, namespace, clock, limits, anonymous, "
                    + "commandTimeout and observer must be set");
        }
        if (!NAMESPACE.matcher(config.namespace).matches()) {
            throw new IllegalArgumentException("The Redis namespace '" + config.namespace + "' is not valid: use 1 to "
                    + "64 letters, digits, '.', '_' or '-'.");
        }
        RedisUrl url = RedisUrl.parse(config.url, config.commandTimeout);
        RedisConnection redis = RedisConnection.open(url, config.commandTimeout);
        LOG.info("Sessions are kept in Redis at {} under the namespace '{}'", url, config.namespace);
        return new RedisSessionStore(config, redis);
    }

    @Override
    public SessionInfo start(String appId, SessionSpec spec) {
        return start(appId, spec, false);
    }

    /** {@inheritDoc} The mark is flag 8 of the session's meta, with its end of life beside it. */
    @Override
    public SessionInfo startAnonymous(String appId, SessionSpec spec) {
        return start(appId, anonymous.capped(Objects.requireNonNull(spec, "spec")), true);
    }

    private SessionInfo start(String appId, SessionSpec spec, boolean anonymousStart) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(spec, "spec");
        String name = spec.name() == null ? "" : spec.name();
        String[] ttl = duration(spec.ttl());
        String[] idle = duration(spec.idleTimeout());
        String[] lifetime = anonymousStart ? duration(anonymous.maxLifetime()) : duration(null);
        int flags = (spec.extendOnGet() ? 1 : 0) + (spec.extendOnSet() ? 2 : 0)
                + (spec.onExpiry() == OnExpiry.DELETE_DATA ? 4 : 0) + (anonymousStart ? 8 : 0);
        while (true) {
            String token = tokens.next();
            String hash = SessionTokens.hash(token);
            List<Object> reply = call("start", appKey(appId), SessionTokens.publicIdOf(hash), hash,
                    name.isEmpty() ? "" : token, name, ttl[0], ttl[1], idle[0], idle[1], Integer.toString(flags),
                    Long.toString(limits.maxSessions()), Long.toString(anonymous.maxSessions(limits)), lifetime[0],
                    lifetime[1]);
            String status = (String) reply.get(0);
            if (status.equals("COLLISION")) continue;
            if (status.equals("NAME_TAKEN")) throw StoreErrors.nameTaken(appId, spec.name());
            if (status.equals("TOO_MANY_SESSIONS")) throw StoreErrors.tooManySessions(limits.maxSessions());
            if (status.equals("TOO_MANY_ANONYMOUS_SESSIONS")) {
                throw StoreErrors.tooManyAnonymousSessions(anonymous.maxSessions(limits));
            }
            if (LOG.isDebugEnabled()) LOG.debug("Session started: app={}, session=token:{}", appId,
                    SessionTokens.publicIdOf(hash));
            return infoOf(appId, reply.get(1), token);
        }
    }

    @Override
    public SessionInfo openShared(String appId, String name) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        List<Object> reply = call("open", appKey(appId), name);
        if (reply.get(0).equals("NOT_FOUND")) throw StoreErrors.sessionNotFound(new SessionRef.Shared(appId, name));
        return infoOf(appId, reply.get(1), (String) reply.get(2));
    }

    @Override
    public boolean exists(SessionRef ref) {
        return info(ref).isPresent();
    }

    @Override
    public Optional<SessionInfo> info(SessionRef ref) {
        ensureOpen();
        List<Object> reply = call("info", address(ref, 0));
        return reply.size() < 2 ? Optional.empty() : Optional.of(infoOf(ref.appId(), reply.get(1), null));
    }

    @Override
    public Map<String, JsonNode> get(SessionRef ref, Collection<String> names) {
        return read(ref, names).values();
    }

    @Override
    public ReadResult read(SessionRef ref, Collection<String> names) {
        ensureOpen();
        Objects.requireNonNull(ref, "ref");
        List<String> wanted = names == null ? null : List.copyOf(names);
        String[] args = address(ref, 1 + (wanted == null ? 0 : wanted.size()));
        args[FIRST] = wanted == null ? "1" : "0";
        for (int i = 0; wanted != null && i < wanted.size(); i++) {
            args[FIRST + 1 + i] = wanted.get(i);
        }
        List<Object> reply = checked(ref, call("get", args));
        long total = (Long) reply.get(1);
        if (total >= 0) lastSeenBytes = total;
        long version = (Long) reply.get(2);
        List<?> secret = (List<?>) reply.get(3);
        Set<String> secretNames = Set.of();
        if (!secret.isEmpty()) {
            Set<String> marked = new HashSet<>();
            for (Object name : secret) {
                marked.add((String) name);
            }
            secretNames = Collections.unmodifiableSet(marked);
        }
        if (reply.size() == 4) return new ReadResult(Map.of(), secretNames, version);
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (int i = 4; i < reply.size(); i += 2) {
            values.put((String) reply.get(i), parse((String) reply.get(i + 1)));
        }
        return new ReadResult(Collections.unmodifiableMap(values), secretNames, version);
    }

    @Override
    public PutResult put(SessionRef ref, Map<String, JsonNode> values, PutOptions options) {
        ensureOpen();
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(options, "options");
        PreparedWrite write = PreparedWrite.of(values, limits.maxValueBytes());
        String[] args = address(ref, 4 + 3 * write.size());
        args[FIRST] = options.onlyIfAbsent() ? "1" : "0";
        args[FIRST + 1] = options.expectedVersion() == null ? "" : options.expectedVersion().toString();
        args[FIRST + 2] = Integer.toString(limits.maxParametersPerSession());
        args[FIRST + 3] = Long.toString(anonymous.maxBytes(limits));
        for (int i = 0; i < write.size(); i++) {
            args[FIRST + 4 + 3 * i] = write.name(i);
            args[FIRST + 5 + 3 * i] = json(write.value(i));
            args[FIRST + 6 + 3 * i] = options.secretNames().contains(write.name(i)) ? "1" : "0";
        }
        List<Object> reply = checked(ref, call("put", args));
        lastSeenBytes = (Long) reply.get(2);
        List<String> kept = new ArrayList<>(0);
        for (int i = 3; i < reply.size(); i++) {
            kept.add((String) reply.get(i));
        }
        return write.result(kept, (Long) reply.get(1));
    }

    /** {@inheritDoc} One EVALSHA: the script applies the updates to the stored JSON text (see the script). */
    @Override
    public UpdateResult update(SessionRef ref, List<ParameterUpdate> updates, Long expectedVersion) {
        ensureOpen();
        Objects.requireNonNull(ref, "ref");
        PreparedUpdate update = PreparedUpdate.of(Objects.requireNonNull(updates, "updates"));
        List<ParameterUpdate> all = update.updates();
        String[] args = address(ref, 4 + 4 * all.size());
        args[FIRST] = expectedVersion == null ? "" : expectedVersion.toString();
        args[FIRST + 1] = Integer.toString(limits.maxParametersPerSession());
        args[FIRST + 2] = Long.toString(anonymous.maxBytes(limits));
        args[FIRST + 3] = Long.toString(limits.maxValueBytes());
        for (int i = 0; i < all.size(); i++) {
            ParameterUpdate one = all.get(i);
            int at = FIRST + 4 + 4 * i;
            args[at + 1] = one.name();
            args[at + 2] = "";
            args[at + 3] = "";
            if (one instanceof ParameterUpdate.Append append) {
                args[at] = "append";
                args[at + 2] = json(JsonNodeFactory.instance.arrayNode().addAll(append.items()));
            } else if (one instanceof ParameterUpdate.Remove remove) {
                args[at] = "remove";
                args[at + 2] = json(JsonNodeFactory.instance.arrayNode().addAll(remove.values()));
            } else if (one instanceof ParameterUpdate.Increment increment) {
                args[at] = "increment";
                args[at + 2] = increment.amount().toPlainString();
                args[at + 3] = increment.type() == DataType.INTEGER ? "i" : "n";
            } else if (one instanceof ParameterUpdate.Merge merge) {
                args[at] = "merge";
                args[at + 2] = json(merge.object());
                args[at + 3] = pathJson(merge.path());
            } else {
                args[at] = "unset";
                args[at + 3] = pathJson(((ParameterUpdate.Unset) one).path());
            }
        }
        List<Object> reply = call("update", args);
        switch ((String) reply.get(0)) {
            case "WRONG_PARAMETER_TYPE" -> throw StoreErrors.wrongParameterType(failed(all, reply),
                    ((Long) reply.get(2)).intValue(), (String) reply.get(3));
            case "INTEGER_OVERFLOW" ->
                    throw StoreErrors.integerOverflow((ParameterUpdate.Increment) failed(all, reply));
            case "NUMBER_TOO_LONG" -> throw StoreErrors.numberTooLong(failed(all, reply).name());
            case "VALUE_TOO_LARGE" -> throw StoreErrors.valueTooLarge((String) reply.get(1), (Long) reply.get(2),
                    (Long) reply.get(3));
            default -> checked(ref, reply);
        }
        lastSeenBytes = (Long) reply.get(2);
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (int i = 3; i < reply.size(); i += 2) {
            values.put((String) reply.get(i), parse((String) reply.get(i + 1)));
        }
        return new UpdateResult(values, (Long) reply.get(1));
    }

    /** @return the update a refusal of the script names by its position (0-based) */
    private static ParameterUpdate failed(List<ParameterUpdate> updates, List<Object> reply) {
        return updates.get(((Long) reply.get(1)).intValue());
    }

    private static String pathJson(List<String> path) {
        ArrayNode names = JsonNodeFactory.instance.arrayNode(path.size());
        path.forEach(names::add);
        return json(names);
    }

    @Override
    public int delete(SessionRef ref, Collection<String> names) {
        ensureOpen();
        Objects.requireNonNull(names, "names");
        List<String> gone = List.copyOf(names);
        String[] args = address(ref, 1 + gone.size());
        args[FIRST] = "0";
        for (int i = 0; i < gone.size(); i++) {
            args[FIRST + 1 + i] = gone.get(i);
        }
        return ((Long) checked(ref, call("delete", args)).get(1)).intValue();
    }

    @Override
    public int clear(SessionRef ref) {
        ensureOpen();
        String[] args = address(ref, 1);
        args[FIRST] = "1";
        return ((Long) checked(ref, call("delete", args)).get(1)).intValue();
    }

    @Override
    public boolean end(SessionRef ref) {
        ensureOpen();
        boolean ended = endedOne(call("end", address(ref, 0)));
        if (ended && LOG.isDebugEnabled()) LOG.debug("Session ended: app={}, scope={}", ref.appId(), ref.scope());
        return ended;
    }

    @Override
    public SessionInfo touch(SessionRef ref) {
        ensureOpen();
        return infoOf(ref.appId(), checked(ref, call("touch", address(ref, 0))).get(1), null);
    }

    @Override
    public int endUserSessions(String userId) {
        ensureOpen();
        Objects.requireNonNull(userId, "userId");
        int ended = ((Long) call("enduser", userId).get(1)).intValue();
        if (ended > 0) observer.ended(Scope.GLOBAL, ended);
        return ended;
    }

    @Override
    public int endAppSessions(String appId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        int ended = 0;
        while (true) {
            List<Object> reply = call("endapp", appKey(appId), Integer.toString(END_APP_BATCH));
            int global = ((Long) reply.get(1)).intValue();
            int token = ((Long) reply.get(2)).intValue();
            int shared = ((Long) reply.get(3)).intValue();
            if (global > 0) observer.ended(Scope.GLOBAL, global);
            if (token > 0) observer.ended(Scope.TOKEN, token);
            if (shared > 0) observer.ended(Scope.SHARED, shared);
            ended += global + token + shared;
            if ((Long) reply.get(4) == 0) return ended;
        }
    }

    /** {@inheritDoc} The app's index, read in batches: one round trip per {@value #INFO_BATCH} sessions. */
    @Override
    public List<SessionInfo> list(String appId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        List<Object> ids = call("ids", appKey(appId));
        List<SessionInfo> live = new ArrayList<>();
        for (int from = 1; from < ids.size(); from += INFO_BATCH) {
            int to = Math.min(ids.size(), from + INFO_BATCH);
            String[] args = new String[1 + to - from];
            args[0] = appKey(appId);
            for (int i = from; i < to; i++) {
                args[1 + i - from] = (String) ids.get(i);
            }
            List<Object> reply = call("infos", args);
            for (int i = 1; i < reply.size(); i++) {
                if (reply.get(i) instanceof List<?>) live.add(infoOf(appId, reply.get(i), null));
            }
        }
        return List.copyOf(live);
    }

    @Override
    public Optional<SessionContents> inspect(String appId, String sessionId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        String id = idOf(Objects.requireNonNull(sessionId, "sessionId"));
        if (id == null) return Optional.empty();
        List<Object> reply = call("inspect", appKey(appId), id);
        if (reply.size() < 2) return Optional.empty();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (int i = 2; i < reply.size(); i += 2) {
            values.put((String) reply.get(i), parse((String) reply.get(i + 1)));
        }
        return Optional.of(new SessionContents(infoOf(appId, reply.get(1), null), values));
    }

    @Override
    public boolean endById(String appId, String sessionId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        String id = idOf(Objects.requireNonNull(sessionId, "sessionId"));
        return id != null && endedOne(call("endid", appKey(appId), id));
    }

    /**
     * @param reply an {@code end} or {@code endid} reply: {'OK', 1, the session's live counter} or {'OK', 0}
     * @return whether a session ended; if so, the observer is told with its scope
     */
    private boolean endedOne(List<Object> reply) {
        if ((Long) reply.get(1) == 0) return false;
        observer.ended(switch ((String) reply.get(2)) {
            case "ng" -> Scope.GLOBAL;
            case "ns" -> Scope.SHARED;
            default -> Scope.TOKEN;
        }, 1);
        return true;
    }

    @Override
    public void observe(StoreObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** {@inheritDoc} One round trip: the bytes in Redis (every host's) plus this host's LOCAL bytes. */
    @Override
    public long bytesUsed() {
        long inRedis = (Long) call("usage").get(1);
        lastSeenBytes = inRedis;
        return inRedis + localBudget.used();
    }

    /** {@inheritDoc} Returns at once: {@link #create} connected. */
    @Override
    public void awaitOpen() {
        // Open since create returned.
    }

    @Override
    public ByteBudget localBudget() {
        return localBudget;
    }

    @Override
    public StoreUsage usage() {
        List<Object> reply = call("usage");
        lastSeenBytes = (Long) reply.get(1);
        return new StoreUsage((Long) reply.get(1) + localBudget.used(), (Long) reply.get(3), (Long) reply.get(4),
                (Long) reply.get(5), (Long) reply.get(6), (Long) reply.get(7), (Long) reply.get(8),
                (Long) reply.get(9), (Long) reply.get(10));
    }

    /** {@inheritDoc} Sweeps every app's due sessions, in bounded batches. */
    @Override
    public void cleanUp() {
        if (closed) return;
        for (int round = 0; round < SWEEP_ROUNDS; round++) {
            List<Object> reply = call("sweep", Integer.toString(SWEEP_BATCH));
            lastSeenBytes = (Long) reply.get(2);
            if ((Long) reply.get(1) < SWEEP_BATCH) return;
        }
    }

    @Override
    public StoreStatus status() {
        String now = problem;
        String kind = redis.url().cluster() ? "redis-cluster" : "redis";
        return now == null ? StoreStatus.up(kind) : new StoreStatus(kind, false, now);
    }

    /** Stops the sweep and closes the connection; the sessions stay in Redis. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (sweeper != null) sweeper.close();
        redis.close();
        LOG.info("Session store closed; the sessions stay in Redis at {}", redis.url());
    }

    /** The background sweep: also tells {@link #status()} whether Redis answers. Failures are logged once. */
    private void sweepQuietly() {
        try {
            cleanUp();
        } catch (ServiceUnavailableException e) {
            // call() has recorded the problem and logged it once.
        }
    }

    /** Runs one operation, timing it, and keeps {@link #status()} up to date. */
    private List<Object> call(String operation, String... args) {
        String[] all = new String[3 + args.length];
        Instant now = clock.instant();
        all[0] = operation;
        all[1] = Long.toString(now.getEpochSecond());
        all[2] = Integer.toString(now.getNano());
        System.arraycopy(args, 0, all, 3, args.length);
        long started = System.nanoTime();
        try {
            List<Object> reply = redis.run(namespaceKey, all);
            if (CREATED_GLOBAL.equals(reply.get(0))) {
                reply = new ArrayList<>(reply);
                reply.set(0, "OK");
                observer.started(Scope.GLOBAL);
            }
            roundTrips.operation(operation, System.nanoTime() - started, reply.get(0).equals("OK") ? "ok" : "refused");
            if (problem != null) {
                problem = null;
                LOG.info("The session store's Redis at {} answers again", redis.url());
            }
            return reply;
        } catch (ServiceUnavailableException e) {
            roundTrips.operation(operation, System.nanoTime() - started, "unavailable");
            if (problem == null) {
                LOG.warn("The session store's Redis at {} cannot be reached: session operations answer 503 until it"
                        + " is back ({})", redis.url(), e.getCause() == null ? "" : e.getCause().toString());
            }
            problem = "Redis at " + redis.url() + " cannot be reached";
            throw e;
        } catch (InsufficientStorageException e) {
            roundTrips.operation(operation, System.nanoTime() - started, "refused");
            throw e;
        }
    }

    /** Turns a refusal in a data operation's reply into the product error. */
    private List<Object> checked(SessionRef ref, List<Object> reply) {
        String status = (String) reply.get(0);
        switch (status) {
            case "OK":
                return reply;
            case "NOT_FOUND":
                throw StoreErrors.sessionNotFound(ref);
            case "VERSION_CONFLICT":
                throw StoreErrors.versionConflict((Long) reply.get(1), (Long) reply.get(2));
            case "SESSION_FULL":
                throw StoreErrors.sessionFull(((Long) reply.get(1)).intValue(), ((Long) reply.get(2)).intValue());
            case "STORE_FULL":
                throw StoreErrors.storeFull((Long) reply.get(1), (Long) reply.get(2), (Long) reply.get(3));
            case "ANONYMOUS_SHARE_FULL":
                throw StoreErrors.anonymousShareFull((Long) reply.get(1), (Long) reply.get(2), (Long) reply.get(3));
            default:
                throw new IllegalStateException("The session store's script answered " + status);
        }
    }

    /**
     * The addressing arguments of a data operation (the script's ARGV[4..13]), followed by {@code extra} slots for the
     * operation's own arguments, from index {@link #FIRST} (ARGV[14] on).
     */
    private String[] address(SessionRef ref, int extra) {
        Objects.requireNonNull(ref, "ref");
        String[] args = new String[FIRST + extra];
        args[0] = appKey(ref.appId());
        if (ref instanceof SessionRef.Global global) {
            UserIdentity user = global.user();
            String[] idle = duration(global.idleTimeout());
            args[1] = "g";
            args[2] = user.id();
            args[3] = "";
            args[4] = idle[0];
            args[5] = idle[1];
            args[6] = json(TextNode.valueOf(user.username()));
            args[7] = json(TextNode.valueOf(user.roleId()));
        } else {
            if (ref instanceof SessionRef.Token token) {
                String hash = SessionTokens.hash(token.token());
                args[1] = "t";
                args[2] = SessionTokens.publicIdOf(hash);
                args[3] = hash;
            } else if (ref instanceof SessionRef.Shared shared) {
                args[1] = "n";
                args[2] = shared.name();
                args[3] = "";
            } else {
                throw new IllegalArgumentException("LOCAL sessions are kept by the host's HostSessionStore, not by a "
                        + "backend");
            }
            System.arraycopy(NO_GLOBAL, 0, args, 4, NO_GLOBAL.length);
        }
        args[8] = Long.toString(limits.maxTotalBytes());
        args[9] = Long.toString(localBudget.used());
        return args;
    }

    private SessionInfo infoOf(String appId, Object raw, String token) {
        List<?> info = (List<?>) raw;
        String id = (String) info.get(0);
        String name = ((String) info.get(1)).isEmpty() ? null : (String) info.get(1);
        boolean global = id.startsWith("g:");
        Scope scope = global ? Scope.GLOBAL : name == null ? Scope.TOKEN : Scope.SHARED;
        long version = (Long) info.get(2);
        int keyCount = ((Long) info.get(3)).intValue();
        long bytes = (Long) info.get(4);
        Instant createdAt = Instant.ofEpochSecond((Long) info.get(5), (Long) info.get(6));
        long endSeconds = (Long) info.get(7);
        Instant expiresAt = endSeconds < 0 ? null : Instant.ofEpochSecond(endSeconds, (Long) info.get(8));
        Duration remaining = null;
        if (expiresAt != null) {
            Duration left = Duration.between(clock.instant(), expiresAt);
            remaining = left.isNegative() ? Duration.ZERO : left;
        }
        Duration ttl = (Long) info.get(9) < 0 ? null : Duration.ofSeconds((Long) info.get(9), (Long) info.get(10));
        Duration idle = (Long) info.get(11) < 0 ? null : Duration.ofSeconds((Long) info.get(11), (Long) info.get(12));
        int flags = ((Long) info.get(13)).intValue();
        SessionSpec spec = new SessionSpec(name, ttl, idle, (flags & 1) != 0, (flags & 2) != 0,
                (flags & 4) != 0 ? OnExpiry.DELETE_DATA : OnExpiry.END_SESSION);
        Set<String> secrets = new HashSet<>();
        for (Object secret : (List<?>) info.get(14)) {
            secrets.add((String) secret);
        }
        String publicId = global ? "global:" + id.substring(2) : "token:" + id.substring(2);
        return new SessionInfo(publicId, appId, scope, name, token, global ? id.substring(2) : null, keyCount, bytes,
                version, createdAt, expiresAt, remaining, spec, secrets);
    }

    /** @return the session id in Redis of a public id, or null when it names no session of this store */
    private static String idOf(String publicId) {
        if (publicId.startsWith("global:") && publicId.length() > 7) return "g:" + publicId.substring(7);
        if (publicId.startsWith("token:") && publicId.length() > 6) return "t:" + publicId.substring(6);
        return null;
    }

    /** An app id as it appears in keys: ':' and '%' escaped, so no two apps share a key. */
    private static String appKey(String appId) {
        if (appId.indexOf(':') < 0 && appId.indexOf('%') < 0) return appId;
        return appId.replace("%", "%25").replace(":", "%3A");
    }

    /** @return a duration as (seconds, nanoseconds), or ("-1", "0") for none or one too long to ever end */
    private static String[] duration(Duration duration) {
        if (duration == null || duration.getSeconds() >= NEVER_SECONDS) return new String[] {"-1", "0"};
        return new String[] {Long.toString(duration.getSeconds()), Integer.toString(duration.getNano())};
    }

    private static String json(JsonNode value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write a JSON value", e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A value in Redis is not valid JSON: the namespace is shared with "
                    + "something else, or was written by another program", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This session store is closed; the host closes it only when it shuts down");
        }
    }
}

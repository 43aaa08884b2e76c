package dev.sessionkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy.CacheEntry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.InsufficientStorageException;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory {@link SessionBackend}: the embedded default, one Caffeine cache holding the GLOBAL, TOKEN and SHARED
 * sessions of every app. It fulfils the whole contract of {@link SessionBackend} (see there); the contract suite runs
 * against a {@link HostSessionStore} over it, which adds the LOCAL sessions.
 *
 * <h2>Creating one</h2>
 * {@link HostSessionStore#embedded(Consumer)} builds the host's store over a new one; {@link #create(Consumer)} with a
 * {@link CaffeineStoreConfig} (clock, limits, prompt expiry) builds the backend alone. The host holds the store, so
 * sessions survive plugin reloads; it calls {@link #close()} when it shuts down.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li>Sessions are keyed by (app, kind, id): LOCAL by execution id, GLOBAL by user id, TOKEN and SHARED by token.
 *       A SHARED name maps to its token in an index; a stale entry there (its session expired) resolves to nothing,
 *       never to another session, and starting a name is atomic against a concurrent start of the same name.</li>
 *   <li>Each session is an immutable record replaced inside Caffeine's per-key {@code compute} (LOCAL ones inside
 *       their map's): operations on one session are atomic and linearizable, writers never lose updates, a failed
 *       operation changes nothing. Reads are a lock-free {@code getIfPresent}; reads that renew a session move
 *       Caffeine's expiry without a lock.</li>
 *   <li>LOCAL refs are refused: {@link HostSessionStore} keeps LOCAL sessions, and reserves their bytes in this
 *       store's {@link #localBudget() budget}, so one limit covers both.</li>
 *   <li>Expiry is exact: Caffeine's ticker is the clock, so a session is gone for every operation from the instant it
 *       expires. DELETE_DATA sessions keep their entry; their data deadline is checked on every access.</li>
 *   <li>Bytes (names plus values as JSON) are reserved with a compare-and-set before a write is published, so
 *       {@code maxTotalBytes} holds under concurrency; they are released when data is deleted or expires and when a
 *       session ends or expires. A write refused with {@code STORE_FULL} first drops expired sessions, then retries
 *       once; nothing live is ever evicted.</li>
 *   <li>Values are Jackson trees. Objects and arrays are copied on {@code put}; nodes returned by {@code get} are the
 *       stored ones and must not be modified (the contract forbids it).</li>
 *   <li>A new GLOBAL session holds {@code username} and {@code roleId}; these count against the limits like any
 *       value, so creating a GLOBAL session in a full store (even by a read) is refused with {@code STORE_FULL}.
 *       A GLOBAL session takes the idle timeout of the ref of its latest write or touch.</li>
 *   <li>An anonymous session ({@link #startAnonymous}) carries the mark in its {@link ExpiryPolicy}, with its capped
 *       idle timeout and its end of life, which Caffeine's expiry enforces like any deadline. Its bytes are reserved
 *       in a second budget (the anonymous share) as well as in the store's, both inside the session's
 *       {@code compute}; a counter of live anonymous sessions goes up when one is inserted and down when one leaves
 *       the cache, whichever way.</li>
 *   <li>With {@link CaffeineStoreConfig#persistence} (the host's default: {@code everysec} in
 *       {@code <data-dir>/sessions}) every change is handed to {@link SessionPersistence} at one point,
 *       {@link #persisted}, inside the session's lock; the sessions kept are read back when the store is created
 *       (expired as of now with their own onExpiry), and {@link #close()} writes a final snapshot. While the files
 *       cannot be written, changes throw {@code SESSION_DISK_FULL} (507) or {@code SESSION_STORE_NOT_WRITABLE} (503)
 *       and {@link #status()} is down; reads go on.</li>
 * </ul>
 *
 * <p>Thread-safe. Tokens never appear in logs, messages or views other than the answers of {@code start} and
 * {@code openShared}; sessions are logged by their public id.
 */
public final class CaffeineSessionStore implements SessionBackend {
    /** The name under which a GLOBAL session holds its user's username. */
    public static final String USERNAME = HostSessionStore.USERNAME;
    /** The name under which a GLOBAL session holds its user's role id. */
    public static final String ROLE_ID = HostSessionStore.ROLE_ID;

    private static final Logger LOG = LoggerFactory.getLogger(CaffeineSessionStore.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Ticker ticker;
    private final SessionLimits limits;
    private final ByteBudget budget;
    private final AnonymousLimits anonymous;
    /** The bytes of anonymous sessions, also counted in {@link #budget}. */
    private final ByteBudget anonymousBudget;
    /** Live anonymous sessions: one more when one is inserted, one less when one leaves the cache. */
    private final AtomicLong anonymousSessions = new AtomicLong();
    private final SharedNames sharedNames = new SharedNames();
    private final SessionTokens tokens = new SessionTokens();
    /** DELETE_DATA sessions with a deadline, which {@link #cleanUp()} visits. */
    private final Set<SessionKey> dataDeadlines = ConcurrentHashMap.newKeySet();
    /** Apps that have had GLOBAL sessions, which {@link #endUserSessions} visits. */
    private final Set<String> globalApps = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<Duration, ExpiryPolicy> globalPolicies = new ConcurrentHashMap<>();
    private final Cache<SessionKey, SessionRecord> sessions;
    private final ConcurrentMap<SessionKey, SessionRecord> map;
    /** Sessions ended by expiry and DELETE_DATA data deleted by expiry, by scope. */
    private final ExpiryTally expirations = new ExpiryTally();
    /** Told of each GLOBAL session this store creates and of each session it ends for a caller. */
    private volatile StoreObserver observer = StoreObserver.NONE;
    /** Written once by the thread that reads the session files, before {@link #filesRead} is set. */
    private ExpirySweeper sweeper;
    /** Keeps the sessions on disk; null with {@link PersistenceMode#NONE}. */
    /** Null without persistence. Written once by the thread that reads the session files, before {@link #filesRead}. */
    private SessionPersistence persistence;
    /** Counted down when the session files are read (or failed to be); at once without persistence. */
    private final CountDownLatch reading = new CountDownLatch(1);
    /** Set with {@link #reading}: the fast path of {@link #ensureOpen()} once the files are read. */
    private volatile boolean filesRead;
    /** Why the session files could not be read; null when they were (or are still being read). */
    private volatile Throwable readFailure;
    private final PersistenceMode mode;
    /** With {@link PersistenceMode#ALWAYS}: the last change this thread queued, which it waits for before answering. */
    private final ThreadLocal<SessionPersistence.Change> lastChange = new ThreadLocal<>();
    private volatile boolean closed;
    /** True while {@link #restore} puts the kept sessions into the cache: Caffeine's maintenance waits for its end. */
    private volatile boolean restoring;
    /** Caffeine's maintenance task, handed over while {@link #restoring}; run when the restore ends. */
    private final AtomicReference<Runnable> heldMaintenance = new AtomicReference<>();

    private CaffeineSessionStore(CaffeineStoreConfig config) {
        Clock clock = config.clock;
        this.ticker = () -> EpochNanos.of(clock.instant());
        this.limits = config.limits;
        this.budget = new ByteBudget(limits.maxTotalBytes());
        this.anonymous = config.anonymous;
        this.anonymousBudget = ByteBudget.anonymous(anonymous.maxBytes(limits));
        this.sessions = Caffeine.newBuilder()
                .ticker(ticker)
                .scheduler(config.promptExpiry ? Scheduler.systemScheduler() : Scheduler.disabledScheduler())
                .expireAfter(new SessionExpiry())
                .evictionListener(this::onEvicted)
                // Maintenance (draining Caffeine's buffers, removing expired entries) runs on the thread that made it
                // due: it is a few microseconds, while handing it to ForkJoinPool.commonPool() woke a worker thread
                // after almost every write (about 5 % of a flow's CPU under load). The scheduler's prompt removals
                // run on the scheduler's own thread.
                // While the kept sessions are put into the cache at start, maintenance is held back and run once at
                // the end (restore) instead of after every put: about a third of that loop's work.
                .executor(task -> {
                    if (!restoring) {
                        task.run();
                        return;
                    }
                    heldMaintenance.set(task);
                    if (!restoring) runHeldMaintenance(); // the restore ended meanwhile: run it, exactly once
                })
                .build();
        this.map = sessions.asMap();
        this.mode = config.persistence.mode;
        if (mode != PersistenceMode.NONE && config.readFilesInBackground) {
            new Thread(() -> open(config), "sessionkit-session-files").start();
        } else {
            open(config);
        }
    }

    /**
     * Opens the store: with persistence, reads the sessions kept on disk into the cache and starts writing changes;
     * then starts the sweeper. Runs in the constructor, or with {@link CaffeineStoreConfig#readFilesInBackground} on
     * a thread of its own; a failure is kept for {@link #awaitOpen()} and every call, and thrown.
     */
    private void open(CaffeineStoreConfig config) {
        try {
            if (mode != PersistenceMode.NONE) {
                persistence = SessionPersistence.open(config.persistence);
                restore(persistence.loaded());
                persistence.start(this::forSnapshot);
            }
            if (config.promptExpiry) sweeper = new ExpirySweeper(this::cleanUp, SWEEP_INTERVAL);
        } catch (RuntimeException | Error e) {
            // Errors too (out of memory, no thread for the sweeper): kept, so calls and the host's start fail with it
            // instead of waiting for files that will never be read.
            readFailure = e;
            if (mode == PersistenceMode.NONE || !config.readFilesInBackground) throw e;
            LOG.error("The session files in {} could not be read; the store stays closed",
                    config.persistence.directory, e);
        } finally {
            filesRead = true;
            reading.countDown();
        }
    }

    /**
     * Creates a store.
     *
     * @param configurer sets the fields of a {@link CaffeineStoreConfig} holding the defaults
     * @return a new, open store
     * @throws IllegalArgumentException when a setting is null or {@code localIdleTimeout} is not positive
     */
    public static CaffeineSessionStore create(Consumer<CaffeineStoreConfig> configurer) {
        CaffeineStoreConfig config = new CaffeineStoreConfig();
        configurer.accept(config);
        return create(config);
    }

    /**
     * @param config the settings, checked
     * @return a new, open store
     * @throws IllegalArgumentException when a setting is null or {@code localIdleTimeout} is not positive
     */
    static CaffeineSessionStore create(CaffeineStoreConfig config) {
        config.validate();
        return new CaffeineSessionStore(config);
    }

    /** @return a new store with the default settings of {@link CaffeineStoreConfig} */
    public static CaffeineSessionStore create() {
        return create(config -> { });
    }

    @Override
    public SessionInfo start(String appId, SessionSpec spec) {
        ensureWritable();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(spec, "spec");
        return durable(start(appId, ExpiryPolicy.started(spec)));
    }

    @Override
    public SessionInfo startAnonymous(String appId, SessionSpec spec) {
        ensureWritable();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(spec, "spec");
        ensureRoomForAnAnonymousSession();
        return durable(start(appId, ExpiryPolicy.anonymous(spec, anonymous)));
    }

    private SessionInfo start(String appId, ExpiryPolicy policy) {
        ensureRoomForASession();
        long now = ticker.read();
        SessionRecord record = SessionRecord.create(policy, Parameters.EMPTY, now);
        String name = policy.spec().name();
        String token = name == null ? insert(appId, record)
                : sharedNames.claim(appId, name, held -> isLive(new SessionKey(appId, SessionKey.Kind.TOKEN,
                        held)), () -> insert(appId, record));
        SessionKey key = new SessionKey(appId, SessionKey.Kind.TOKEN, token);
        if (record.policy().deleteData() && record.policy().reportsExpiry()) dataDeadlines.add(key);
        if (LOG.isDebugEnabled()) LOG.debug("Session started: app={}, session={}", appId, key.publicId());
        return record.toInfo(key, token, now, record.deadline());
    }

    @Override
    public SessionInfo openShared(String appId, String name) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        String token = sharedNames.tokenOf(appId, name);
        CacheEntry<SessionKey, SessionRecord> entry = token == null ? null
                : sessions.policy().getEntryIfPresentQuietly(new SessionKey(appId, SessionKey.Kind.TOKEN, token));
        if (entry == null) throw StoreErrors.sessionNotFound(new SessionRef.Shared(appId, name));
        return infoOf(entry, token);
    }

    @Override
    public boolean exists(SessionRef ref) {
        ensureOpen();
        SessionKey key = keyOrNull(Objects.requireNonNull(ref, "ref"));
        return key != null && isLive(key);
    }

    @Override
    public Optional<SessionInfo> info(SessionRef ref) {
        ensureOpen();
        SessionKey key = keyOrNull(Objects.requireNonNull(ref, "ref"));
        return key == null ? Optional.empty() : Optional.ofNullable(infoOrNull(key));
    }

    @Override
    public Map<String, JsonNode> get(SessionRef ref, Collection<String> names) {
        ensureOpen();
        Objects.requireNonNull(ref, "ref");
        if (names != null) requireNoNull(names);
        return readable(ref).data().read(names);
    }

    @Override
    public ReadResult read(SessionRef ref, Collection<String> names) {
        ensureOpen();
        Objects.requireNonNull(ref, "ref");
        if (names != null) requireNoNull(names);
        return readable(ref).read(names);
    }

    @Override
    public PutResult put(SessionRef ref, Map<String, JsonNode> values, PutOptions options) {
        ensureWritable();
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(options, "options");
        PreparedWrite write = PreparedWrite.of(values, limits.maxValueBytes());
        SessionKey key = keyOf(ref);
        return retriedWhenFull(() -> put(ref, key, write, options));
    }

    @Override
    public UpdateResult update(SessionRef ref, List<ParameterUpdate> updates, Long expectedVersion) {
        ensureWritable();
        Objects.requireNonNull(ref, "ref");
        PreparedUpdate update = PreparedUpdate.of(Objects.requireNonNull(updates, "updates"));
        SessionKey key = keyOf(ref);
        return retriedWhenFull(() -> update(ref, key, update, expectedVersion));
    }

    /**
     * Runs a write, made durable; refused with {@code STORE_FULL} or {@code ANONYMOUS_SHARE_FULL}, drops expired
     * sessions and, if that released bytes, runs it once more.
     */
    private <T> T retriedWhenFull(Supplier<T> write) {
        try {
            return durable(write.get());
        } catch (InsufficientStorageException e) {
            if (!(e.code().equals("STORE_FULL") || e.code().equals("ANONYMOUS_SHARE_FULL")) || !releaseExpired()) {
                throw e;
            }
            return durable(write.get());
        }
    }

    private UpdateResult update(SessionRef ref, SessionKey key, PreparedUpdate update, Long expectedVersion) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Transition change = update(ref, key, true, (current, now) -> current.updated(update, expectedVersion,
                limits.maxParametersPerSession(), limits.maxValueBytes(), policyAfterWrite(ref, current), now,
                values));
        return new UpdateResult(values, change.after.version());
    }

    @Override
    public int delete(SessionRef ref, Collection<String> names) {
        ensureWritable();
        Objects.requireNonNull(ref, "ref");
        requireNoNull(names);
        Transition change = update(ref, keyOf(ref), false,
                (current, now) -> current.written(current.data().delete(names), policyAfterWrite(ref, current), now));
        durable(null);
        return change.after == null ? 0 : change.before.data().size() - change.after.data().size();
    }

    /** {@inheritDoc} A GLOBAL session keeps its {@link HostSessionStore#IDENTITY}. */
    @Override
    public int clear(SessionRef ref) {
        ensureWritable();
        Objects.requireNonNull(ref, "ref");
        boolean global = ref instanceof SessionRef.Global;
        Transition change = update(ref, keyOf(ref), false, (current, now) -> current.written(
                global ? current.data().clearExcept(HostSessionStore.IDENTITY) : current.data().clear(),
                policyAfterWrite(ref, current), now));
        durable(null);
        return change.after == null ? 0 : change.before.data().size() - change.after.data().size();
    }

    @Override
    public boolean end(SessionRef ref) {
        ensureWritable();
        SessionKey key = keyOrNull(Objects.requireNonNull(ref, "ref"));
        return durable(key != null && end(key));
    }

    @Override
    public SessionInfo touch(SessionRef ref) {
        ensureWritable();
        Objects.requireNonNull(ref, "ref");
        SessionKey key = keyOf(ref);
        Transition change = update(ref, key, true,
                (current, now) -> current.touched(policyAfterWrite(ref, current), now));
        durable(null);
        return change.after.toInfo(key, null, change.now, change.after.deadline());
    }

    @Override
    public int endUserSessions(String userId) {
        ensureWritable();
        Objects.requireNonNull(userId, "userId");
        int ended = 0;
        for (String appId : globalApps) {
            if (end(new SessionKey(appId, SessionKey.Kind.GLOBAL, userId))) ended++;
        }
        return durable(ended);
    }

    /** {@inheritDoc} One scan of the store's keys. */
    @Override
    public int endAppSessions(String appId) {
        ensureWritable();
        Objects.requireNonNull(appId, "appId");
        int ended = 0;
        for (SessionKey key : map.keySet()) {
            if (key.appId().equals(appId) && end(key)) ended++;
        }
        return durable(ended);
    }

    @Override
    public List<SessionInfo> list(String appId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        List<SessionInfo> live = new ArrayList<>();
        for (SessionKey key : map.keySet()) {
            if (!key.appId().equals(appId)) continue;
            SessionInfo info = infoOrNull(key);
            if (info != null) live.add(info);
        }
        return List.copyOf(live);
    }

    /** {@inheritDoc} A scan of the store's keys: meant for administrators, not for request paths. */
    @Override
    public Optional<SessionContents> inspect(String appId, String sessionId) {
        ensureOpen();
        return findKey(appId, sessionId).flatMap(key -> {
            CacheEntry<SessionKey, SessionRecord> entry = sessions.policy().getEntryIfPresentQuietly(key);
            if (entry == null) return Optional.empty();
            SessionRecord record = entry.getValue().settle(entry.snapshotAt());
            return Optional.of(new SessionContents(infoOf(entry, null), record.data().read(null)));
        });
    }

    /** {@inheritDoc} A scan of the store's keys: meant for administrators, not for request paths. */
    @Override
    public boolean endById(String appId, String sessionId) {
        ensureWritable();
        return durable(findKey(appId, sessionId).map(this::end).orElse(false));
    }

    @Override
    public void observe(StoreObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * The key of a live session by its public id: a GLOBAL id holds its key's id, so it is looked up directly; a TOKEN
     * id is a hash of the token, so the app's TOKEN keys are scanned.
     */
    private Optional<SessionKey> findKey(String appId, String sessionId) {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(sessionId, "sessionId");
        String globalPrefix = "global:";
        if (sessionId.startsWith(globalPrefix)) {
            SessionKey key = new SessionKey(appId, SessionKey.Kind.GLOBAL, sessionId.substring(globalPrefix.length()));
            return isLive(key) ? Optional.of(key) : Optional.empty();
        }
        for (SessionKey key : map.keySet()) {
            if (key.kind() == SessionKey.Kind.TOKEN && key.appId().equals(appId)
                    && key.publicId().equals(sessionId)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** {@inheritDoc} Exact: one budget counts this store's sessions and the host's LOCAL ones. */
    @Override
    public long bytesUsed() {
        return budget.used();
    }

    @Override
    public ByteBudget localBudget() {
        return budget;
    }

    /** {@inheritDoc} One pass over the cache's keys. */
    @Override
    public StoreUsage usage() {
        if (!filesRead) throw StoreErrors.stillReading(mode.text()); // a scrape does not wait for the files
        if (readFailure != null) throw StoreErrors.filesUnreadable(mode.text(), readFailure);
        long global = 0;
        long token = 0;
        long shared = 0;
        for (Map.Entry<SessionKey, SessionRecord> entry : map.entrySet()) {
            switch (entry.getValue().scope(entry.getKey())) {
                case GLOBAL -> global++;
                case SHARED -> shared++;
                default -> token++;
            }
        }
        return new StoreUsage(budget.used(), global, token, shared, expirations.global(), expirations.token(),
                expirations.shared(), anonymousBudget.used(), anonymousSessions.get());
    }

    @Override
    public StoreStatus status() {
        if (!filesRead) {
            return new StoreStatus("memory", false, "Reading the kept sessions from disk; session calls wait until "
                    + "they are read (about a second per 100,000 sessions)", mode.text());
        }
        if (readFailure != null) {
            return new StoreStatus("memory", false, "The kept sessions could not be read: "
                    + readFailure.getMessage() + ". The host's log says why; fix it and restart", mode.text());
        }
        if (persistence == null) return new StoreStatus("memory", true, null, PersistenceMode.NONE.text());
        String problem = persistence.problem();
        return new StoreStatus("memory", problem == null, problem, persistence.mode().text());
    }

    /**
     * {@inheritDoc} Also drops SHARED names whose session is gone. With {@link CaffeineStoreConfig#promptExpiry} a
     * background thread calls this every second. Does nothing once the store is closed.
     */
    @Override
    public void cleanUp() {
        if (closed || !filesRead || readFailure != null) return;
        sessions.cleanUp();
        long now = ticker.read();
        for (SessionKey key : dataDeadlines) {
            SessionRecord record = sessions.policy().getIfPresentQuietly(key);
            if (record == null) {
                dataDeadlines.remove(key);
            } else if (record.settle(now) != record) {
                map.computeIfPresent(key, (k, old) -> persisted(k, old, settled(k, old, now)));
            }
        }
        sharedNames.purge((appId, token) -> isLive(new SessionKey(appId, SessionKey.Kind.TOKEN, token)));
    }

    /**
     * Stops the background clean-up; with persistence, writes every change still queued and a final snapshot (call it
     * once no request uses the store any more); then discards every session from memory. Later calls of other methods
     * throw {@link IllegalStateException}; {@link #bytesUsed()} and {@link #cleanUp()} stay callable. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        awaitFiles();
        closed = true;
        if (readFailure != null) return; // nothing was opened that a close could write
        if (sweeper != null) sweeper.close();
        int kept = -1;
        if (persistence != null) {
            sessions.cleanUp(); // expired sessions leave first, so the final snapshot keeps only live ones
            kept = persistence.close();
        }
        int discarded = 0;
        for (SessionKey key : map.keySet()) {
            if (discard(key) != null) discarded++;
        }
        sharedNames.clear();
        dataDeadlines.clear();
        sessions.cleanUp();
        if (persistence == null) {
            LOG.info("Session store closed; {} sessions discarded", discarded);
        } else {
            LOG.info("Session store closed; {} sessions kept", kept);
        }
    }

    private PutResult put(SessionRef ref, SessionKey key, PreparedWrite write, PutOptions options) {
        List<String> kept = new ArrayList<>(0);
        Transition change = update(ref, key, true, (current, now) -> current.put(write, options,
                limits.maxParametersPerSession(), policyAfterWrite(ref, current), now, kept));
        return write.result(kept, change.after.version());
    }

    /** The record to read from, renewed as the session's policy says and settled as of now. */
    private SessionRecord readable(SessionRef ref) {
        SessionKey key = keyOf(ref);
        SessionRecord record = sessions.getIfPresent(key);
        if (record == null) {
            if (key.kind() == SessionKey.Kind.TOKEN) throw StoreErrors.sessionNotFound(ref);
            long now = ticker.read();
            boolean[] made = {false};
            record = map.computeIfAbsent(key, k -> {
                made[0] = true;
                return created(k, ref, now);
            });
            if (made[0]) observer.started(Scope.GLOBAL);
        }
        if (!record.policy().deleteData()) return record;
        long now = ticker.read();
        if (record.renewsOnRead(now)) {
            record = update(ref, key, false, (current, at) -> current.renewsOnRead(at) ? current.read(at) : current)
                    .after;
        }
        return record.settle(now);
    }

    /**
     * Changes one session atomically: settles the current record, applies the change, reserves or releases the
     * difference in bytes (the last step that may fail) and publishes the result.
     *
     * @param create whether an absent LOCAL or GLOBAL session is created first (else the change is skipped)
     * @throws dev.sessionkit.api.error.NotFoundException for an absent TOKEN or SHARED session
     */
    private Transition update(SessionRef ref, SessionKey key, boolean create, Change change) {
        Transition transition = new Transition(ticker.read());
        BiFunction<SessionKey, SessionRecord, SessionRecord> step = (k, old) -> {
            SessionRecord current = old;
            if (current == null) {
                if (k.kind() == SessionKey.Kind.TOKEN) throw StoreErrors.sessionNotFound(ref);
                if (!create) return null;
                current = newSession(k, ref, transition.now);
                transition.created = true;
            }
            SessionRecord before = current.settle(transition.now);
            if (before != current) expirations.expired(current.scope(k));
            SessionRecord after = change.apply(before, transition.now);
            adjust(after, after.bytes() - (old == null ? 0 : old.bytes()));
            transition.before = before;
            transition.after = after;
            return persisted(k, old, after);
        };
        map.compute(key, step);
        if (transition.created) observer.started(Scope.GLOBAL);
        return transition;
    }

    /** A new GLOBAL session, its bytes reserved. Call inside the key's compute. */
    private SessionRecord created(SessionKey key, SessionRef ref, long now) {
        SessionRecord created = newSession(key, ref, now);
        budget.adjust(created.bytes());
        return persisted(key, null, created);
    }

    private SessionRecord settled(SessionKey key, SessionRecord old, long now) {
        SessionRecord next = old.settle(now);
        if (next != old) expirations.expired(old.scope(key));
        adjust(next, next.bytes() - old.bytes());
        return next;
    }

    /**
     * Reserves or releases bytes of a session in the store's budget and, for an anonymous session, in the anonymous
     * one too: growth is refused, changing neither, when either is full. Call inside the key's compute.
     */
    private void adjust(SessionRecord record, long delta) {
        if (!record.policy().anonymous()) {
            budget.adjust(delta);
            return;
        }
        anonymousBudget.adjust(delta);
        try {
            budget.adjust(delta);
        } catch (InsufficientStorageException e) {
            anonymousBudget.adjust(-delta);
            throw e;
        }
    }

    /** Releases the bytes (and the count, if anonymous) of a session that left the store. */
    private void released(SessionRecord record) {
        budget.release(record.bytes());
        if (record.policy().anonymous()) {
            anonymousBudget.release(record.bytes());
            anonymousSessions.decrementAndGet();
        }
    }

    private SessionRecord newSession(SessionKey key, SessionRef ref, long now) {
        SessionRef.Global global = (SessionRef.Global) ref;
        globalApps.add(key.appId());
        return SessionRecord.create(globalPolicy(global.idleTimeout()), identityOf(global.user()), now);
    }

    private static Parameters identityOf(UserIdentity user) {
        Map<String, JsonNode> identity = new LinkedHashMap<>();
        identity.put(USERNAME, TextNode.valueOf(user.username()));
        identity.put(ROLE_ID, TextNode.valueOf(user.roleId()));
        return Parameters.EMPTY.put(PreparedWrite.of(identity, Long.MAX_VALUE), false, Set.of(), Integer.MAX_VALUE,
                new ArrayList<>(0));
    }

    private ExpiryPolicy policyAfterWrite(SessionRef ref, SessionRecord current) {
        return ref instanceof SessionRef.Global global ? globalPolicy(global.idleTimeout()) : current.policy();
    }

    private ExpiryPolicy globalPolicy(Duration idle) {
        return globalPolicies.computeIfAbsent(idle, ExpiryPolicy::global);
    }

    /** Ends a live session for a caller and tells the observer, with the session's scope. @return whether it was live */
    private boolean end(SessionKey key) {
        SessionRecord ended = discard(key);
        if (ended == null) return false;
        String name = ended.policy().spec().name();
        if (name != null) sharedNames.release(key.appId(), name, key.id());
        if (ended.policy().deleteData()) dataDeadlines.remove(key);
        if (LOG.isDebugEnabled()) LOG.debug("Session ended: app={}, session={}", key.appId(), key.publicId());
        observer.ended(ended.scope(key), 1);
        return true;
    }

    /** Removes a live session and releases its bytes. @return the removed record, or null if none was live */
    private SessionRecord discard(SessionKey key) {
        SessionRecord[] removed = new SessionRecord[1];
        map.computeIfPresent(key, (k, old) -> {
            released(old);
            removed[0] = old;
            return persisted(k, old, null);
        });
        return removed[0];
    }

    /** Caffeine's eviction listener: runs synchronously when an expired session leaves the cache. */
    private void onEvicted(SessionKey key, SessionRecord record, RemovalCause cause) {
        if (key == null || record == null) return;
        persisted(key, record, null);
        released(record);
        if (cause == RemovalCause.EXPIRED) expirations.expired(record.scope(key));
        if (LOG.isDebugEnabled()) {
            LOG.debug("Session expired: app={}, session={}", key.appId(), key.publicId());
        }
    }

    /** Refuses a new TOKEN or SHARED session when the store holds its limit of sessions, after a clean-up. */
    private void ensureRoomForASession() {
        if (sessionCount() < limits.maxSessions()) return;
        cleanUp();
        if (sessionCount() >= limits.maxSessions()) throw StoreErrors.tooManySessions(limits.maxSessions());
    }

    /**
     * Refuses a new anonymous session when anonymous sessions hold their share of the store's sessions, after a
     * clean-up.
     */
    private void ensureRoomForAnAnonymousSession() {
        long max = anonymous.maxSessions(limits);
        if (anonymousSessions.get() < max) return;
        cleanUp();
        if (anonymousSessions.get() >= max) throw StoreErrors.tooManyAnonymousSessions(max);
    }

    /** @return how many sessions the store holds, approximately */
    private long sessionCount() {
        return sessions.estimatedSize();
    }

    /** Runs a clean-up before a retry. @return true if it released bytes */
    private boolean releaseExpired() {
        long before = budget.used();
        cleanUp();
        return budget.used() < before;
    }

    private boolean isLive(SessionKey key) {
        return sessions.policy().getIfPresentQuietly(key) != null;
    }

    /** @return the view of a live session, read quietly (no renewal), or null */
    private SessionInfo infoOrNull(SessionKey key) {
        CacheEntry<SessionKey, SessionRecord> entry = sessions.policy().getEntryIfPresentQuietly(key);
        return entry == null ? null : infoOf(entry, null);
    }

    private static SessionInfo infoOf(CacheEntry<SessionKey, SessionRecord> entry, String token) {
        long now = entry.snapshotAt();
        return entry.getValue().settle(now).toInfo(entry.getKey(), token, now, entry.expiresAt());
    }

    private SessionKey keyOf(SessionRef ref) {
        SessionKey key = keyOrNull(ref);
        if (key == null) throw StoreErrors.sessionNotFound(ref);
        return key;
    }

    /** @return the key of the session the ref addresses, or null for a SHARED name that names nothing */
    private SessionKey keyOrNull(SessionRef ref) {
        if (ref instanceof SessionRef.Global global) {
            return new SessionKey(ref.appId(), SessionKey.Kind.GLOBAL, global.user().id());
        }
        if (ref instanceof SessionRef.Local) {
            throw new IllegalArgumentException("LOCAL sessions are kept by the host's HostSessionStore, not by a "
                    + "backend");
        }
        if (ref instanceof SessionRef.Token token) {
            return new SessionKey(ref.appId(), SessionKey.Kind.TOKEN, token.token());
        }
        String token = sharedNames.tokenOf(ref.appId(), ((SessionRef.Shared) ref).name());
        return token == null ? null : new SessionKey(ref.appId(), SessionKey.Kind.TOKEN, token);
    }

    /** Puts a new TOKEN session under a fresh token. @return the token */
    private String insert(String appId, SessionRecord record) {
        while (true) {
            String token = tokens.next();
            SessionKey key = new SessionKey(appId, SessionKey.Kind.TOKEN, token);
            if (map.putIfAbsent(key, record) == null) {
                // No one else knows the token yet, so nothing can change the session before this is queued.
                persisted(key, null, record);
                if (record.policy().anonymous()) anonymousSessions.incrementAndGet();
                return token;
            }
        }
    }

    private static void requireNoNull(Collection<String> names) {
        for (String name : names) {
            Objects.requireNonNull(name, "names must not contain null");
        }
    }

    /**
     * The one place every change of a session is handed to the persistence: called with the session's lock held (or,
     * for a new token, before anyone knows it), after the change is decided, so changes of one session are queued in
     * order. Does nothing without persistence or when nothing changed.
     *
     * @param key    the session
     * @param old    its state before, or null
     * @param record its state after, or null when it left the store
     * @return {@code record}
     */
    private SessionRecord persisted(SessionKey key, SessionRecord old, SessionRecord record) {
        if (persistence == null || record == old) return record;
        SessionPersistence.Change change = persistence.persist(key, record);
        if (change != null && persistence.mode() == PersistenceMode.ALWAYS) lastChange.set(change);
        return record;
    }

    /**
     * With {@link PersistenceMode#ALWAYS}, waits until the changes this thread queued are on disk; call after the
     * change, outside any lock, before answering.
     *
     * @param answer the answer
     * @return {@code answer}
     * @throws dev.sessionkit.api.error.SessionkitException {@code SESSION_DISK_FULL} or
     *                                                      {@code SESSION_STORE_NOT_WRITABLE} when the write failed
     */
    private <T> T durable(T answer) {
        SessionPersistence.Change change = lastChange.get();
        if (change == null) return answer;
        lastChange.remove();
        persistence.awaitDurable(change);
        return answer;
    }

    /**
     * Like {@link #ensureOpen()}, and refuses changes while the session files cannot be written.
     *
     * @throws dev.sessionkit.api.error.SessionkitException {@code SESSION_DISK_FULL} or
     *                                                      {@code SESSION_STORE_NOT_WRITABLE}
     */
    private void ensureWritable() {
        ensureOpen();
        if (persistence != null) persistence.ensureWritable();
    }

    /**
     * Puts the sessions read from disk into the cache, as of now: a session whose deadline passed while the host was
     * down expires now with its own onExpiry (END_SESSION: it is not loaded; DELETE_DATA: it is loaded without its
     * data), and when two SHARED sessions hold one name (a crash between the end of one and the start of the other)
     * the newer keeps it and the older ends. The persistence's first snapshot writes the result.
     */
    private void restore(Map<SessionKey, SessionRecord> loaded) {
        restoring = true;
        try {
            restore(loaded, ticker.read());
        } finally {
            restoring = false;
            runHeldMaintenance();
            sessions.cleanUp();
        }
        if (!loaded.isEmpty()) LOG.info("Sessions loaded: {} live, {} expired while the host was down",
                sessions.estimatedSize(), expirations.total());
    }

    private void runHeldMaintenance() {
        Runnable held = heldMaintenance.getAndSet(null);
        if (held != null) held.run();
    }

    private void restore(Map<SessionKey, SessionRecord> loaded, long now) {
        for (Map.Entry<SessionKey, SessionRecord> entry : loaded.entrySet()) {
            SessionKey key = entry.getKey();
            SessionRecord record = entry.getValue();
            SessionRecord shared = withSharedPolicy(key, record);
            SessionRecord live = restoredAt(key, shared, now);
            if (live == null) {
                expirations.expired(record.scope(key));
                persistence.restored(key, null, true);
                continue;
            }
            String name = live.policy().spec().name();
            if (name != null && !claimRestoredName(key, live, name)) {
                persistence.restored(key, null, true);
                continue;
            }
            map.put(key, live);
            persistence.restored(key, live, live != shared);
            budget.restored(live.bytes());
            if (live.policy().anonymous()) {
                anonymousBudget.restored(live.bytes());
                anonymousSessions.incrementAndGet();
            }
            if (key.kind() == SessionKey.Kind.GLOBAL) globalApps.add(key.appId());
            if (live.policy().deleteData() && live.policy().reportsExpiry()) dataDeadlines.add(key);
        }
    }

    /** @return a loaded record holding the policy instance its kind shares (GLOBAL sessions: one per idle timeout) */
    private SessionRecord withSharedPolicy(SessionKey key, SessionRecord record) {
        if (key.kind() != SessionKey.Kind.GLOBAL) return record;
        return record.renewedAt(globalPolicy(record.policy().spec().idleTimeout()), record.lastRenewal());
    }

    /** @return the record as of now, or null when it expired while the host was down */
    private SessionRecord restoredAt(SessionKey key, SessionRecord record, long now) {
        if (record.endOfLife() <= now) return null;
        if (!record.policy().deleteData()) return record.deadline() <= now ? null : record;
        SessionRecord settled = record.settle(now);
        if (settled != record) expirations.expired(record.scope(key));
        return settled;
    }

    /** @return whether the restored SHARED session keeps its name (it is newer than the one that holds it, if any) */
    private boolean claimRestoredName(SessionKey key, SessionRecord record, String name) {
        String holder = sharedNames.tokenOf(key.appId(), name);
        if (holder != null) {
            SessionKey other = new SessionKey(key.appId(), SessionKey.Kind.TOKEN, holder);
            SessionRecord held = map.get(other);
            if (held != null && held.createdAt() >= record.createdAt()) return false;
            if (held != null) {
                LOG.warn("Two SHARED sessions named '{}' in app '{}' were read back; the newer keeps the name, the "
                        + "older ({}) ends", name, key.appId(), other.publicId());
                end(other);
            }
        }
        sharedNames.restore(key.appId(), name, key.id());
        return true;
    }

    /**
     * What a snapshot writes for a session ({@link SessionPersistence.Snapshots}): nothing once it has left the cache;
     * the record as queued when the cache holds a newer one (queued after it); else the record with the renewals that
     * reads made in the cache's expiry since (they change no record), so a session kept alive by reads is not loaded
     * as expired.
     */
    private SessionRecord forSnapshot(SessionKey key, SessionRecord record) {
        CacheEntry<SessionKey, SessionRecord> entry = sessions.policy().getEntryIfPresentQuietly(key);
        if (entry == null) return null;
        if (entry.getValue() != record) return record;
        ExpiryPolicy policy = record.policy();
        if (policy.deleteData() || !policy.extendOnGet() || policy.idleNanos() == EpochNanos.NEVER) return record;
        long renewal = entry.expiresAt() - policy.idleNanos();
        return renewal > record.lastRenewal() ? record.renewedAt(policy, renewal) : record;
    }

    /**
     * {@inheritDoc} With {@link CaffeineStoreConfig#readFilesInBackground}: until the session files are read.
     *
     * @throws RuntimeException the failure that kept the files from being read, as it was thrown
     */
    @Override
    public void awaitOpen() {
        awaitFiles();
        Throwable failure = readFailure;
        if (failure instanceof RuntimeException runtime) throw runtime;
        if (failure instanceof Error error) throw error;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private void awaitFiles() {
        if (filesRead) return;
        boolean interrupted = false;
        while (true) {
            try {
                reading.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Waits for the session files to be read; refuses calls once closed or when they could not be read. */
    private void ensureOpen() {
        if (!filesRead) awaitFiles();
        if (readFailure != null) throw StoreErrors.filesUnreadable(mode.text(), readFailure);
        if (closed) {
            throw new IllegalStateException("This session store is closed; the host closes it only when it shuts down");
        }
    }

    /** A change of one settled session record, applied under the session's lock. */
    @FunctionalInterface
    private interface Change {
        SessionRecord apply(SessionRecord settled, long now);
    }

    /** What {@link #update} did: the settled record it started from and the one it published (null: skipped). */
    private static final class Transition {
        final long now;
        SessionRecord before;
        SessionRecord after;
        /** Whether the change created the session (a GLOBAL one, on its user's first use). */
        boolean created;

        Transition(long now) {
            this.now = now;
        }
    }
}

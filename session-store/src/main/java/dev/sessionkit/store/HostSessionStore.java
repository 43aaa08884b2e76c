package dev.sessionkit.store;

import static dev.sessionkit.store.EpochNanos.NEVER;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.data.JsonNumbers;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.session.SessionStore;
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
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session store the host holds: the LOCAL sessions of this host's executions, kept here, over a
 * {@link SessionBackend} that keeps the GLOBAL, TOKEN and SHARED ones (in this JVM, or in Redis shared by several
 * hosts). It fulfils the whole {@link SessionStore} contract for every scope, plus the administration operations of
 * the host; the contract suite {@code SessionStoreContract} runs against it over every backend.
 *
 * <h2>LOCAL sessions</h2>
 * A LOCAL session belongs to one execution in this JVM: created by the execution's first access, ended by the host
 * when the execution finishes, never expiring by contract, never seen by another host. They live in
 * {@link LocalSessions}, with a safety net ({@code localIdleTimeout}) for an execution that crashed before ending its
 * session. Their bytes count against {@link SessionLimits#maxTotalBytes()} in the backend's
 * {@link SessionBackend#localBudget() budget}; they do not count against {@link SessionLimits#maxSessions()}.
 *
 * <h2>Identity</h2>
 * Every GLOBAL session holds its user's {@value #USERNAME} and {@value #ROLE_ID}, from the verified token, from its
 * creation on. They are read-only: a {@link #put} or {@link #delete} of a GLOBAL session that names one is refused
 * with {@code 400 RESERVED_PARAMETER} (details: {@code parameter}, {@code scope}, {@code reserved}) and changes
 * nothing, and {@link #clear} keeps them. Checked here, so every path (a plugin's method, a flow's output
 * configuration, every backend) obeys it. In LOCAL, TOKEN and SHARED sessions they are names like any other.
 *
 * <h2>Anonymous sessions</h2>
 * {@link #startAnonymous} starts a session for a caller without a signed-in user: the backend marks it and applies
 * its {@link AnonymousLimits} (idle timeout at most, maximum lifetime, share of the store's bytes and sessions).
 *
 * <h2>Administration</h2>
 * {@link #list}, {@link #inspect} and {@link #endById} see this host's LOCAL sessions and the backend's sessions;
 * {@link #endAppSessions} ends both; {@link #endUserSessions} ends GLOBAL sessions only (LOCAL sessions belong to
 * executions). {@link #close()} discards the LOCAL sessions and closes the backend.
 *
 * <p>Thread-safe. Operations on one LOCAL session are atomic and linearizable (each replaces an immutable record
 * inside the map's per-key {@code compute}); reads are lock-free.
 */
public final class HostSessionStore implements SessionStore, AutoCloseable {
    /** The name under which a GLOBAL session holds its user's username (read-only). */
    public static final String USERNAME = "username";
    /** The name under which a GLOBAL session holds its user's role id (read-only). */
    public static final String ROLE_ID = "roleId";
    /** The read-only names of every GLOBAL session. */
    public static final Set<String> IDENTITY = Set.of(USERNAME, ROLE_ID);

    private static final Logger LOG = LoggerFactory.getLogger(HostSessionStore.class);
    private static final String LOCAL_PREFIX = "local:";

    private final SessionBackend backend;
    private final SessionLimits limits;
    private final Clock clock;
    private final ExpiryPolicy localPolicy = ExpiryPolicy.local();
    private final LocalSessions locals;
    private volatile boolean closed;
    private volatile StoreObserver observer = StoreObserver.NONE;

    /**
     * @param backend          where GLOBAL, TOKEN and SHARED sessions live; closed with this store
     * @param limits           the limits LOCAL sessions obey (the backend's own)
     * @param clock            the clock of the LOCAL safety net (the backend's)
     * @param localIdleTimeout the LOCAL safety net: a LOCAL session unused this long is removed, with a warning
     */
    public HostSessionStore(SessionBackend backend, SessionLimits limits, Clock clock, Duration localIdleTimeout) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(localIdleTimeout, "localIdleTimeout");
        if (localIdleTimeout.isNegative() || localIdleTimeout.isZero()) {
            throw new IllegalArgumentException("localIdleTimeout must be positive, was " + localIdleTimeout);
        }
        this.locals = new LocalSessions(EpochNanos.nanos(localIdleTimeout), backend.localBudget());
    }

    /**
     * The embedded store: the host's store over a new {@link CaffeineSessionStore}.
     *
     * @param configurer sets the fields of a {@link CaffeineStoreConfig} holding the defaults
     * @return a new, open store
     * @throws IllegalArgumentException when a setting is null or {@code localIdleTimeout} is not positive
     */
    public static HostSessionStore embedded(Consumer<CaffeineStoreConfig> configurer) {
        CaffeineStoreConfig config = new CaffeineStoreConfig();
        configurer.accept(config);
        CaffeineSessionStore backend = CaffeineSessionStore.create(config);
        return new HostSessionStore(backend, config.limits, config.clock, config.localIdleTimeout);
    }

    /**
     * The store over Redis: the host's store over a new {@link RedisSessionStore}.
     *
     * @param configurer sets the fields of a {@link RedisStoreConfig}
     * @return a new, open store
     * @throws IllegalArgumentException when a setting is missing or not valid
     * @throws IllegalStateException    when Redis cannot be reached or evicts keys
     */
    public static HostSessionStore onRedis(Consumer<RedisStoreConfig> configurer) {
        RedisStoreConfig config = new RedisStoreConfig();
        configurer.accept(config);
        RedisSessionStore backend = RedisSessionStore.create(config);
        return new HostSessionStore(backend, config.limits, config.clock, config.localIdleTimeout);
    }

    /**
     * @param observer told from now on of every operation, every session started and ended, every refused write
     */
    public void observe(StoreObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        backend.observe(observer);
    }

    /**
     * Runs one operation for a caller and tells the observer how long it took and whether it threw; a write refused
     * for want of room or by a conflict is also told as refused.
     *
     * <p>The operation gets this store and its arguments as parameters, so the lambdas of the reads are
     * non-capturing: each is one shared instance and a call allocates nothing for it.
     */
    private <A, B, T> T observed(String operation, boolean write, A first, B second, Operation<A, B, T> call) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            T result = call.run(this, first, second);
            failed = false;
            return result;
        } catch (RuntimeException e) {
            if (write) refusedWrite(e);
            throw e;
        } finally {
            observer.call(operation, System.nanoTime() - started, failed);
        }
    }

    /** {@link #observed(String, boolean, Object, Object, Operation)} of an operation with one argument. */
    private <A, T> T observed(String operation, boolean write, A argument, BiFunction<HostSessionStore, A, T> call) {
        return observed(operation, write, argument, call, (store, only, function) -> function.apply(store, only));
    }

    /** An operation of the store on two arguments. */
    @FunctionalInterface
    private interface Operation<A, B, T> {
        T run(HostSessionStore store, A first, B second);
    }

    /** Tells the observer of a refused write (409, 413, 507). */
    private void refusedWrite(RuntimeException e) {
        if (e instanceof dev.sessionkit.api.error.ConflictException c) observer.refused(409, c.code());
        else if (e instanceof dev.sessionkit.api.error.PayloadTooLargeException t) observer.refused(413, t.code());
        else if (e instanceof InsufficientStorageException f) observer.refused(507, f.code());
    }

    /** Tells the observer of a session that started. @return the session */
    private SessionInfo started(SessionInfo info) {
        observer.started(info.scope());
        return info;
    }

    /** @return the backend, for its status and metrics */
    public SessionBackend backend() {
        return backend;
    }

    @Override
    public SessionInfo start(String appId, SessionSpec spec) {
        ensureOpen();
        return observed("start", false, appId, spec, (store, app, wanted) -> store.started(store.backend.start(app, wanted)));
    }

    /**
     * Starts a TOKEN (or SHARED) session for a caller without a signed-in user, as {@link #start} does, with the
     * backend's {@link AnonymousLimits}: its idle timeout is at most the anonymous one (the spec's own when shorter),
     * it ends its maximum lifetime after its start at the latest (under DELETE_DATA too; touches do not move it), and
     * its bytes and itself count against the anonymous sessions' share of the store.
     *
     * @param appId the app
     * @param spec  what the caller asked for
     * @return its info, with the token; {@code spec} and {@code expiresAt} show the limits applied
     * @throws dev.sessionkit.api.error.ConflictException code {@code SESSION_NAME_TAKEN}
     * @throws InsufficientStorageException               code {@code TOO_MANY_ANONYMOUS_SESSIONS} when anonymous
     *                                                    sessions hold their share of the store's sessions, or
     *                                                    {@code TOO_MANY_SESSIONS}
     */
    public SessionInfo startAnonymous(String appId, SessionSpec spec) {
        ensureOpen();
        return observed("start", false, appId, spec,
                (store, app, wanted) -> store.started(store.backend.startAnonymous(app, wanted)));
    }

    @Override
    public SessionInfo openShared(String appId, String name) {
        ensureOpen();
        return observed("open", false, appId, name, (store, app, shared) -> store.backend.openShared(app, shared));
    }

    @Override
    public boolean exists(SessionRef ref) {
        ensureOpen();
        return observed("exists", false, ref, (store, session) -> session instanceof SessionRef.Local local
                ? store.locals.peek(keyOf(local), store.now()) != null : store.backend.exists(session));
    }

    @Override
    public Optional<SessionInfo> info(SessionRef ref) {
        ensureOpen();
        return observed("info", false, ref, HostSessionStore::infoOf);
    }

    private Optional<SessionInfo> infoOf(SessionRef ref) {
        if (ref instanceof SessionRef.Local local) {
            long now = now();
            SessionKey key = keyOf(local);
            SessionRecord record = locals.peek(key, now);
            return record == null ? Optional.empty() : Optional.of(record.toInfo(key, null, now, NEVER));
        }
        return backend.info(ref);
    }

    @Override
    public Map<String, JsonNode> get(SessionRef ref, Collection<String> names) {
        ensureOpen();
        return observed("get", false, ref, names, (store, session, wanted) -> session instanceof SessionRef.Local local
                ? store.localRecord(local, wanted).data().read(wanted) : store.backend.get(session, wanted));
    }

    @Override
    public ReadResult read(SessionRef ref, Collection<String> names) {
        ensureOpen();
        return observed("get", false, ref, names, (store, session, wanted) -> session instanceof SessionRef.Local local
                ? store.localRecord(local, wanted).read(wanted) : store.backend.read(session, wanted));
    }

    /** The LOCAL session to read from, created if absent. */
    private SessionRecord localRecord(SessionRef.Local local, Collection<String> names) {
        if (names != null) names.forEach(name -> Objects.requireNonNull(name, "names must not contain null"));
        SessionKey key = keyOf(local);
        long now = now();
        SessionRecord record = locals.get(key, now);
        if (record != null) return record;
        boolean[] made = {false};
        record = locals.compute(key, now, (k, current) -> {
            if (current != null) return current;
            made[0] = true;
            return created(now);
        });
        if (made[0]) observer.started(dev.sessionkit.api.session.Scope.LOCAL);
        return record;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code RESERVED_PARAMETER} for a GLOBAL session and
     *                                                        a name of {@link #IDENTITY}
     */
    @Override
    public PutResult put(SessionRef ref, Map<String, JsonNode> values, PutOptions options) {
        ensureOpen();
        return observed("put", true, ref, values, (store, session, given) -> store.putTo(session, given, options));
    }

    private PutResult putTo(SessionRef ref, Map<String, JsonNode> values, PutOptions options) {
        if (ref instanceof SessionRef.Global) refuseIdentity(Objects.requireNonNull(values, "values").keySet());
        if (!(ref instanceof SessionRef.Local local)) return backend.put(ref, values, options);
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(options, "options");
        PreparedWrite write = PreparedWrite.of(values, limits.maxValueBytes());
        return retriedWhenFull(() -> putLocal(local, write, options));
    }

    /**
     * Runs a LOCAL write; refused with {@code STORE_FULL}, drops what has expired and, if that freed bytes, runs it
     * once more.
     */
    private <T> T retriedWhenFull(Supplier<T> write) {
        try {
            return write.get();
        } catch (InsufficientStorageException e) {
            // As the backends do for their own writes: drop what has expired, then try once more.
            if (!"STORE_FULL".equals(e.code())) throw e;
            long before = backend.bytesUsed();
            cleanUp();
            if (backend.bytesUsed() >= before) throw e;
            return write.get();
        }
    }

    private PutResult putLocal(SessionRef.Local local, PreparedWrite write, PutOptions options) {
        List<String> kept = new ArrayList<>(0);
        SessionRecord after = update(local, true, (current, now) -> current.put(write, options,
                limits.maxParametersPerSession(), current.policy(), now, kept))[1];
        return write.result(kept, after.version());
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code RESERVED_PARAMETER} for a GLOBAL session and
     *                                                        a name of {@link #IDENTITY}
     */
    @Override
    public UpdateResult update(SessionRef ref, List<ParameterUpdate> updates, Long expectedVersion) {
        ensureOpen();
        return observed("update", true, ref, updates,
                (store, session, given) -> store.updateOf(session, given, expectedVersion));
    }

    private UpdateResult updateOf(SessionRef ref, List<ParameterUpdate> updates, Long expectedVersion) {
        Objects.requireNonNull(updates, "updates");
        if (ref instanceof SessionRef.Global) refuseIdentity(namesOf(updates));
        if (!(ref instanceof SessionRef.Local local)) return backend.update(ref, updates, expectedVersion);
        PreparedUpdate update = PreparedUpdate.of(updates);
        return retriedWhenFull(() -> updateLocal(local, update, expectedVersion));
    }

    private UpdateResult updateLocal(SessionRef.Local local, PreparedUpdate update, Long expectedVersion) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        SessionRecord after = update(local, true, (current, now) -> current.updated(update, expectedVersion,
                limits.maxParametersPerSession(), limits.maxValueBytes(), current.policy(), now, values))[1];
        return new UpdateResult(values, after.version());
    }

    private static List<String> namesOf(List<ParameterUpdate> updates) {
        List<String> names = new ArrayList<>(updates.size());
        for (ParameterUpdate update : updates) {
            if (update != null) names.add(update.name());
        }
        return names;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code RESERVED_PARAMETER} for a GLOBAL session and
     *                                                        a name of {@link #IDENTITY}
     */
    @Override
    public int delete(SessionRef ref, Collection<String> names) {
        ensureOpen();
        return observed("delete", false, ref, names, HostSessionStore::deleteFrom);
    }

    private int deleteFrom(SessionRef ref, Collection<String> names) {
        if (ref instanceof SessionRef.Global) refuseIdentity(Objects.requireNonNull(names, "names"));
        if (!(ref instanceof SessionRef.Local local)) return backend.delete(ref, names);
        Objects.requireNonNull(names, "names");
        names.forEach(name -> Objects.requireNonNull(name, "names must not contain null"));
        SessionRecord[] change = update(local, false,
                (current, now) -> current.written(current.data().delete(names), current.policy(), now));
        return change[1] == null ? 0 : change[0].data().size() - change[1].data().size();
    }

    /** {@inheritDoc} A GLOBAL session keeps its {@link #IDENTITY}, which is not counted as removed. */
    @Override
    public int clear(SessionRef ref) {
        ensureOpen();
        return observed("clear", false, ref, HostSessionStore::clearOf);
    }

    private int clearOf(SessionRef ref) {
        if (!(ref instanceof SessionRef.Local local)) return backend.clear(ref);
        SessionRecord[] change = update(local, false,
                (current, now) -> current.written(current.data().clear(), current.policy(), now));
        return change[1] == null ? 0 : change[0].data().size();
    }

    @Override
    public boolean end(SessionRef ref) {
        ensureOpen();
        return observed("end", false, ref, HostSessionStore::endOf);
    }

    /**
     * Whether this host holds an execution's LOCAL session: one was made (by a read or a write) and not yet ended or
     * swept. A lock-free look, not an operation: it is neither observed nor counted. An execution that never used
     * its LOCAL session (most direct calls) need not {@link #end} it.
     *
     * @param local the execution's LOCAL session
     * @return whether it is held
     */
    public boolean holds(SessionRef.Local local) {
        return locals.holds(keyOf(local));
    }

    private boolean endOf(SessionRef ref) {
        if (ref instanceof SessionRef.Local local) return endLocal(keyOf(local));
        return backend.end(ref);
    }

    @Override
    public SessionInfo touch(SessionRef ref) {
        ensureOpen();
        return observed("touch", false, ref, HostSessionStore::touchOf);
    }

    private SessionInfo touchOf(SessionRef ref) {
        if (!(ref instanceof SessionRef.Local local)) return backend.touch(ref);
        SessionKey key = keyOf(local);
        SessionRecord after = update(local, true, (current, now) -> current.touched(current.policy(), now))[1];
        return after.toInfo(key, null, now(), NEVER);
    }

    /**
     * The bytes a {@link #put} of these values counts against the limits: each name's UTF-8 length plus its value's
     * length as compact JSON. For callers that meter writes before making them (the host's quota on anonymous
     * callers). A null name or value counts nothing (the put itself refuses it).
     *
     * @param values names to values
     * @return the bytes
     */
    public static long sizeOf(Map<String, JsonNode> values) {
        long bytes = 0;
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) continue;
            bytes += JsonSize.utf8Length(entry.getKey()) + JsonSize.of(entry.getValue());
        }
        return bytes;
    }

    /**
     * The bytes an {@link #update} brings in, for callers that meter writes before making them (the host's quota on
     * anonymous callers): each update's name plus the values it gives (items, values to remove, the object to merge),
     * measured as {@link #sizeOf(Map)} does; an increment counts its amount. A null update counts nothing.
     *
     * @param updates the updates
     * @return the bytes
     */
    public static long sizeOf(List<ParameterUpdate> updates) {
        long bytes = 0;
        for (ParameterUpdate update : updates) {
            if (update == null) continue;
            bytes += JsonSize.utf8Length(update.name());
            if (update instanceof ParameterUpdate.Append append) {
                for (JsonNode item : append.items()) bytes += item == null ? 0 : JsonSize.of(item);
            } else if (update instanceof ParameterUpdate.Remove remove) {
                for (JsonNode value : remove.values()) bytes += value == null ? 0 : JsonSize.of(value);
            } else if (update instanceof ParameterUpdate.Merge merge) {
                bytes += JsonSize.of(merge.object());
            } else if (update instanceof ParameterUpdate.Increment increment) {
                bytes += JsonNumbers.plainLength(increment.amount());
            }
        }
        return bytes;
    }

    /**
     * Ends every GLOBAL session of a user in every app (logout, log out everywhere, a deleted user).
     *
     * @param userId the user's id
     * @return how many live sessions were ended
     */
    public int endUserSessions(String userId) {
        ensureOpen();
        return backend.endUserSessions(Objects.requireNonNull(userId, "userId"));
    }

    /**
     * Ends every session of an app, of every scope, deleting their data (the app was deleted); SHARED names become
     * free. LOCAL sessions of this host's executions in flight end too.
     *
     * @param appId the app
     * @return how many live sessions were ended
     */
    public int endAppSessions(String appId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        int ended = backend.endAppSessions(appId);
        for (SessionKey key : locals.keys()) {
            if (key.appId().equals(appId) && endLocal(key)) ended++;
        }
        return ended;
    }

    /**
     * The live sessions of an app: this host's LOCAL sessions and the backend's sessions, tokens left out.
     *
     * @param appId the app
     * @return a snapshot list, in no particular order
     */
    public List<SessionInfo> list(String appId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        List<SessionInfo> live = new ArrayList<>();
        long now = now();
        for (SessionKey key : locals.keys()) {
            if (!key.appId().equals(appId)) continue;
            SessionRecord record = locals.peek(key, now);
            if (record != null) live.add(record.toInfo(key, null, now, NEVER));
        }
        live.addAll(backend.list(appId));
        return List.copyOf(live);
    }

    /**
     * For administrators: a live session of an app by its public id ({@link SessionInfo#sessionId()}), with all its
     * values, read without creating, renewing or changing it. Values of secret names are included: callers that show
     * them must redact them.
     *
     * @param appId     the app
     * @param sessionId the session's public id
     * @return its info (token null) and values, or empty if no live session of that app has that id
     */
    public Optional<SessionContents> inspect(String appId, String sessionId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(sessionId, "sessionId");
        if (!sessionId.startsWith(LOCAL_PREFIX)) return backend.inspect(appId, sessionId);
        SessionKey key = new SessionKey(appId, SessionKey.Kind.LOCAL, sessionId.substring(LOCAL_PREFIX.length()));
        long now = now();
        SessionRecord record = locals.peek(key, now);
        return record == null ? Optional.empty()
                : Optional.of(new SessionContents(record.toInfo(key, null, now, NEVER), record.data().read(null)));
    }

    /**
     * For administrators: ends a live session of an app by its public id, as {@link #end(SessionRef)} does.
     *
     * @param appId     the app
     * @param sessionId the session's public id
     * @return true if it existed
     */
    public boolean endById(String appId, String sessionId) {
        ensureOpen();
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(sessionId, "sessionId");
        if (!sessionId.startsWith(LOCAL_PREFIX)) return backend.endById(appId, sessionId);
        return endLocal(new SessionKey(appId, SessionKey.Kind.LOCAL, sessionId.substring(LOCAL_PREFIX.length())));
    }

    /** @return bytes held, as counted against {@link SessionLimits#maxTotalBytes()} (LOCAL ones included) */
    public long bytesUsed() {
        return backend.bytesUsed();
    }

    /** @return how many LOCAL sessions this host holds (some may be past the safety net until swept) */
    public int localSessionCount() {
        return locals.size();
    }

    /**
     * @return what the store holds, for metrics (LOCAL sessions are counted by {@link #localSessionCount()})
     * @throws dev.sessionkit.api.error.ServiceUnavailableException when a shared store cannot be reached
     */
    public StoreUsage usage() {
        return backend.usage();
    }

    /**
     * Waits until the store serves calls (an embedded store configured to read its files in the background: until
     * they are read; calls made before wait the same way).
     *
     * @throws RuntimeException the failure that kept the store from opening
     */
    public void awaitOpen() {
        backend.awaitOpen();
    }

    /** @return whether the store can serve requests now */
    public StoreStatus status() {
        return backend.status();
    }

    /**
     * Removes expired sessions and data now, and LOCAL sessions past the safety net. The backend also does this on its
     * own; tests call it after advancing their clock. Does nothing once closed.
     */
    public void cleanUp() {
        if (closed) return;
        locals.sweep(now());
        backend.cleanUp();
    }

    /**
     * Discards the LOCAL sessions and closes the backend (the embedded backend discards its sessions; a shared
     * backend keeps them in Redis). Later data operations throw {@link IllegalStateException}; {@link #bytesUsed()}
     * and {@link #cleanUp()} stay callable. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        long now = now();
        int discarded = 0;
        for (SessionKey key : locals.keys()) {
            if (locals.remove(key, now) != null) discarded++;
        }
        if (discarded > 0) LOG.info("{} LOCAL sessions of executions in flight discarded", discarded);
        backend.close();
    }

    /**
     * Changes one LOCAL session atomically: applies the change to the current record, reserves or releases the
     * difference in bytes (the last step that may fail) and publishes the result.
     *
     * @param create whether an absent session is created first (else the change is skipped)
     * @return the record the change started from and the one it published (both null when skipped)
     */
    private SessionRecord[] update(SessionRef.Local ref, boolean create, Change change) {
        long now = now();
        SessionRecord[] transition = new SessionRecord[2];
        boolean[] made = {false};
        BiFunction<SessionKey, SessionRecord, SessionRecord> step = (k, old) -> {
            SessionRecord current = old;
            if (current == null) {
                if (!create) return null;
                current = SessionRecord.create(localPolicy, Parameters.EMPTY, now);
            }
            SessionRecord after = change.apply(current, now);
            backend.localBudget().adjust(after.bytes() - (old == null ? 0 : old.bytes()));
            made[0] = old == null;
            transition[0] = current;
            transition[1] = after;
            return after;
        };
        locals.compute(keyOf(ref), now, step);
        if (made[0]) observer.started(dev.sessionkit.api.session.Scope.LOCAL);
        return transition;
    }

    /** A new LOCAL session, its bytes reserved. Call inside the key's compute; tell the observer after it. */
    private SessionRecord created(long now) {
        SessionRecord created = SessionRecord.create(localPolicy, Parameters.EMPTY, now);
        backend.localBudget().adjust(created.bytes());
        return created;
    }

    private boolean endLocal(SessionKey key) {
        boolean ended = locals.remove(key, now()) != null;
        if (ended) observer.ended(dev.sessionkit.api.session.Scope.LOCAL, 1);
        if (ended && LOG.isDebugEnabled()) LOG.debug("Session ended: app={}, session={}", key.appId(), key.publicId());
        return ended;
    }

    /** Refuses a write or delete that names a GLOBAL session's identity. */
    private static void refuseIdentity(Collection<String> names) {
        for (String name : names) {
            if (name != null && IDENTITY.contains(name)) throw StoreErrors.reservedParameter(name);
        }
    }

    private static SessionKey keyOf(SessionRef.Local ref) {
        return new SessionKey(ref.appId(), SessionKey.Kind.LOCAL, ref.executionId());
    }

    private long now() {
        return EpochNanos.of(clock.instant());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This session store is closed; the host closes it only when it shuts down");
        }
    }

    /** A change of one LOCAL session record, applied under the session's lock. */
    @FunctionalInterface
    private interface Change {
        SessionRecord apply(SessionRecord current, long now);
    }
}

package dev.sessionkit.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.InsufficientStorageException;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.error.PayloadTooLargeException;
import dev.sessionkit.api.error.SessionkitException;
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
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.session.UpdateResult;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.AnonymousLimits;
import dev.sessionkit.store.HostSessionStore;
import dev.sessionkit.store.SessionContents;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link SessionStore} and of the host's administration operations, as tests: the test of every
 * {@link dev.sessionkit.store.SessionBackend backend} (the embedded Caffeine store, the Redis store on a standalone
 * server and on a Redis Cluster) extends this class and implements {@link #newStore} with a {@link HostSessionStore}
 * over a new, empty instance of it; the tests check every rule of the Javadoc of {@link SessionStore},
 * {@link dev.sessionkit.store.SessionBackend} and {@link HostSessionStore}. Time is a {@link ManualClock} the store
 * must read its time from; no test sleeps. Backends that several hosts share also extend
 * {@link SharedBackendContract}.
 *
 * <p>Rules the Javadoc leaves open and this suite fixes: {@code delete} and {@code clear} do not create LOCAL or
 * GLOBAL sessions; {@code end} answers false (does not throw) for a session that does not exist; a put without
 * values, with an empty name or with a name longer than {@link SessionLimits#MAX_NAME_LENGTH} is an
 * {@link InvalidInputException}; a session's bytes are the sum over its
 * parameters of the name's UTF-8 length plus the value's compact JSON length; under DELETE_DATA no period runs
 * between the data's expiry and the next write or touch ({@code expiresAt} is null), and the expiry of empty data
 * does not change the version.
 */
public abstract class SessionStoreContract {
    protected static final String APP = "shop";
    protected static final String OTHER_APP = "blog";
    protected static final UserIdentity ALICE = new UserIdentity("u-alice", "alice", "user");
    protected static final UserIdentity BOB = new UserIdentity("u-bob", "bob", "builder");
    protected static final Duration GLOBAL_IDLE = Duration.ofMinutes(30);
    protected static final Duration NANO = Duration.ofNanos(1);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int THREADS = 16;

    /** The clock of {@link #store}; tests advance it. */
    protected ManualClock clock;
    /** A store with {@link SessionLimits#DEFAULTS}, opened before each test and closed after it. */
    protected HostSessionStore store;
    private final List<HostSessionStore> opened = new ArrayList<>();

    /**
     * Creates a new, empty store under test.
     *
     * @param clock     the clock the store must read all time from
     * @param limits    the limits it must enforce
     * @param anonymous what its anonymous sessions may take
     * @return the store; the suite closes it after the test
     */
    protected abstract HostSessionStore newStore(ManualClock clock, SessionLimits limits, AnonymousLimits anonymous);

    @BeforeEach
    void openDefaultStore() {
        clock = new ManualClock();
        store = open(SessionLimits.DEFAULTS);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(HostSessionStore::close);
        opened.clear();
    }

    /** @param limits the limits @return another store on the same clock, closed after the test */
    protected HostSessionStore open(SessionLimits limits) {
        return open(limits, AnonymousLimits.DEFAULTS);
    }

    /**
     * @param limits    the limits
     * @param anonymous what anonymous sessions may take
     * @return another store on the same clock, closed after the test
     */
    protected HostSessionStore open(SessionLimits limits, AnonymousLimits anonymous) {
        HostSessionStore created = newStore(clock, limits, anonymous);
        assertNotNull(created, "newStore returned null");
        opened.add(created);
        return created;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** @param pairs name, value, name, value... (Java values become JSON) @return an ordered map of JSON values */
    protected static Map<String, JsonNode> values(Object... pairs) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], toJson(pairs[i + 1]));
        }
        return map;
    }

    private static JsonNode toJson(Object value) {
        if (value == null) return NullNode.instance;
        if (value instanceof JsonNode node) return node;
        if (value instanceof String text) return TextNode.valueOf(text);
        if (value instanceof Integer number) return JSON.numberNode(number);
        if (value instanceof Long number) return JSON.numberNode(number);
        if (value instanceof Boolean flag) return JSON.booleanNode(flag);
        if (value instanceof BigDecimal decimal) return JSON.numberNode(decimal);
        throw new IllegalArgumentException("no JSON form for " + value.getClass());
    }

    protected static SessionRef.Global global(String appId, UserIdentity user) {
        return new SessionRef.Global(appId, user, GLOBAL_IDLE);
    }

    protected static SessionRef.Global global(UserIdentity user) {
        return global(APP, user);
    }

    protected static SessionRef.Local local() {
        return new SessionRef.Local(APP, UUID.randomUUID().toString());
    }

    protected static SessionRef.Token tokenRef(SessionInfo started) {
        return new SessionRef.Token(started.appId(), started.token());
    }

    protected static SessionSpec ttl(Duration ttl) {
        return new SessionSpec(null, ttl, null, false, false, OnExpiry.END_SESSION);
    }

    protected static SessionSpec idle(Duration idle, boolean extendOnGet, boolean extendOnSet) {
        return new SessionSpec(null, null, idle, extendOnGet, extendOnSet, OnExpiry.END_SESSION);
    }

    protected static SessionSpec named(String name) {
        return new SessionSpec(name, null, null, false, false, OnExpiry.END_SESSION);
    }

    /** Starts a TOKEN session in {@link #APP} on {@link #store}. @return its ref */
    protected SessionRef.Token startToken(SessionSpec spec) {
        return tokenRef(store.start(APP, spec));
    }

    protected void put(SessionRef ref, Object... pairs) {
        store.put(ref, values(pairs), PutOptions.DEFAULT);
    }

    protected long version(SessionRef ref) {
        return store.info(ref).orElseThrow().version();
    }

    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    /** Asserts {@code SESSION_NOT_FOUND} with the scope in its details and a message that says how to fix it. */
    protected static NotFoundException assertSessionNotFound(Scope scope, Executable call) {
        NotFoundException error = assertThrows(NotFoundException.class, call);
        assertEquals("SESSION_NOT_FOUND", error.code());
        assertEquals(scope.name(), error.details().get("scope"));
        assertTrue(error.getMessage().contains("session.start"), "message should say how to fix it: "
                + error.getMessage());
        return error;
    }

    /** Asserts that an error shows no token in its message or details. */
    protected static void assertNoToken(SessionkitException error, String token) {
        assertFalse(error.getMessage().contains(token), "message leaks the token");
        assertFalse(String.valueOf(error.details()).contains(token), "details leak the token");
    }

    /** Asserts the session is there for exists and info but gone for every other operation. */
    private void assertGone(SessionRef ref, Scope scope) {
        assertFalse(store.exists(ref));
        assertTrue(store.info(ref).isEmpty());
        for (SessionOperation operation : SessionOperation.values()) {
            assertSessionNotFound(scope, () -> operation.run(store, ref));
        }
        assertFalse(store.end(ref));
    }

    /** The sum of the bytes of the given sessions, as their infos report them. */
    private long bytesOf(SessionStore target, List<? extends SessionRef> refs) {
        return refs.stream().mapToLong(ref -> target.info(ref).map(SessionInfo::bytes).orElse(0L)).sum();
    }

    /** Runs a task on {@value #THREADS} threads started together; fails with the first exception any thread threw. */
    private static void concurrently(ThreadTask task) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    ready.await();
                    task.run(thread);
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            }, "contract-" + t));
        }
        threads.forEach(Thread::start);
        ready.countDown();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(60).toMillis());
            assertFalse(thread.isAlive(), thread.getName() + " did not finish within 60 s");
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " threads failed; the first: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Work of one of the threads of {@link #concurrently}. */
    @FunctionalInterface
    protected interface ThreadTask {
        void run(int thread) throws Exception;
    }

    /** The per-session operations that need a live TOKEN or SHARED session. */
    protected enum SessionOperation {
        GET { @Override void run(SessionStore store, SessionRef ref) { store.get(ref, null); } },
        PUT { @Override void run(SessionStore store, SessionRef ref) {
            store.put(ref, SessionStoreContract.values("k", "v"), PutOptions.DEFAULT); } },
        DELETE { @Override void run(SessionStore store, SessionRef ref) { store.delete(ref, List.of("k")); } },
        CLEAR { @Override void run(SessionStore store, SessionRef ref) { store.clear(ref); } },
        TOUCH { @Override void run(SessionStore store, SessionRef ref) { store.touch(ref); } },
        UPDATE { @Override void run(SessionStore store, SessionRef ref) {
            store.update(ref, List.of(ParameterUpdate.Increment.integer("k", 1)), null); } };

        abstract void run(SessionStore store, SessionRef ref);
    }

    // ----------------------------------------------------------------------------------------------- tests

    @Nested
    class Creation {
        @Test
        void globalSessionIsCreatedByGetHoldingUsernameAndRoleId() {
            SessionRef.Global alice = global(ALICE);
            assertFalse(store.exists(alice));

            assertEquals(values("username", "alice", "roleId", "user"), store.get(alice, null));

            SessionInfo info = store.info(alice).orElseThrow();
            assertEquals(Scope.GLOBAL, info.scope());
            assertEquals("global:u-alice", info.sessionId());
            assertEquals("u-alice", info.ownerUserId());
            assertEquals(APP, info.appId());
            assertEquals(0, info.version());
            assertEquals(2, info.keyCount());
            assertEquals(clock.instant(), info.createdAt());
            assertEquals(clock.instant().plus(GLOBAL_IDLE), info.expiresAt());
            assertEquals(GLOBAL_IDLE, info.spec().idleTimeout());
            assertTrue(info.spec().extendOnGet() && info.spec().extendOnSet());
            assertNull(info.token());
            assertNull(info.name());
        }

        @Test
        void globalSessionIsCreatedByPutAndKeepsTheIdentityFirst() {
            PutResult result = store.put(global(ALICE), values("cart", 3), PutOptions.DEFAULT);

            assertEquals(1, result.version());
            assertEquals(values("username", "alice", "roleId", "user", "cart", 3), store.get(global(ALICE), null));
        }

        @Test
        void globalAndLocalSessionsAreCreatedByTouch() {
            SessionRef.Local local = local();
            SessionInfo globalInfo = store.touch(global(BOB));
            SessionInfo localInfo = store.touch(local);

            assertTrue(store.exists(global(BOB)));
            assertTrue(store.exists(local));
            assertEquals(0, globalInfo.version());
            assertEquals(values("username", "bob", "roleId", "builder"), store.get(global(BOB), null));
            assertEquals(Scope.LOCAL, localInfo.scope());
            assertEquals(0, localInfo.keyCount());
        }

        @Test
        void localSessionIsCreatedEmptyByGetAndPut() {
            SessionRef.Local read = local();
            SessionRef.Local written = local();

            assertEquals(Map.of(), store.get(read, null));
            put(written, "step", 1);

            SessionInfo info = store.info(read).orElseThrow();
            assertEquals("local:" + read.executionId(), info.sessionId());
            assertEquals(0, info.version());
            assertEquals(0, info.keyCount());
            assertNull(info.expiresAt());
            assertNull(info.remaining());
            assertEquals(values("step", 1), store.get(written, null));
            assertEquals(1, version(written));
        }

        @Test
        void existsAndInfoNeverCreate() {
            SessionRef.Local local = local();
            for (int i = 0; i < 2; i++) {
                assertFalse(store.exists(global(ALICE)));
                assertTrue(store.info(global(ALICE)).isEmpty());
                assertFalse(store.exists(local));
                assertTrue(store.info(local).isEmpty());
            }
            assertTrue(store.list(APP).isEmpty());
        }

        @Test
        void holdsTellsWhetherAnExecutionUsedItsLocalSessionWithoutCreatingIt() {
            SessionRef.Local unused = local();
            SessionRef.Local read = local();
            SessionRef.Local written = local();
            assertFalse(store.holds(unused));
            assertFalse(store.holds(read), "no LOCAL session is held at all yet");

            store.get(read, null);
            put(written, "step", 1);

            assertFalse(store.holds(unused));
            assertFalse(store.exists(unused), "holds never creates");
            assertTrue(store.holds(read));
            assertTrue(store.holds(written));
            assertTrue(store.end(written));
            assertFalse(store.holds(written));
            assertTrue(store.holds(read));
        }

        @Test
        void deleteClearAndEndNeverCreate() {
            SessionRef.Local local = local();
            assertEquals(0, store.delete(global(ALICE), List.of("cart")));
            assertEquals(0, store.clear(local));
            assertFalse(store.end(global(ALICE)));
            assertFalse(store.exists(global(ALICE)));
            assertFalse(store.exists(local));
            assertEquals(0, store.bytesUsed());
        }

        @Test
        void tokenSessionExistsOnlyAfterStart() {
            SessionRef.Token unknown = new SessionRef.Token(APP, "no-such-token-0123456789abcdef");
            assertFalse(store.exists(unknown));
            assertTrue(store.info(unknown).isEmpty());

            Instant startedAt = clock.instant();
            SessionSpec spec = new SessionSpec(null, Duration.ofMinutes(10), Duration.ofMinutes(5), true, false,
                    OnExpiry.END_SESSION);
            SessionInfo started = store.start(APP, spec);

            assertEquals(Scope.TOKEN, started.scope());
            assertFalse(started.shared());
            assertEquals(0, started.version());
            assertEquals(0, started.keyCount());
            assertEquals(startedAt, started.createdAt());
            assertEquals(startedAt.plus(Duration.ofMinutes(5)), started.expiresAt());
            assertEquals(Duration.ofMinutes(5), started.remaining());
            assertEquals(spec, started.spec());
            assertTrue(store.exists(tokenRef(started)));
            assertNull(store.info(tokenRef(started)).orElseThrow().token());
        }

        @Test
        void tokensAreLongDistinctAndNeverPartOfTheSessionId() {
            Set<String> tokens = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                SessionInfo started = store.start(APP, SessionSpec.unbounded());
                assertTrue(started.token().length() >= 22, "a token carries at least 128 bits");
                assertTrue(started.sessionId().startsWith("token:"));
                assertFalse(started.sessionId().contains(started.token()));
                tokens.add(started.token());
            }
            assertEquals(500, tokens.size());
        }

        @Test
        void localSessionsDoNotExpireAndEndWhenTheirOwnerEndsThem() {
            SessionRef.Local local = local();
            put(local, "a", 1);
            advance(GLOBAL_IDLE.plusMinutes(1));

            assertTrue(store.exists(local));
            assertEquals(values("a", 1), store.get(local, null));
            assertTrue(store.end(local));
            assertFalse(store.exists(local));
            assertFalse(store.end(local));
        }
    }

    @Nested
    class TokenExpiry {
        @Test
        void ttlEndsTheSessionAtItsInstantExactly() {
            SessionRef.Token ref = startToken(ttl(Duration.ofMinutes(10)));
            put(ref, "a", 1);

            advance(Duration.ofMinutes(10).minus(NANO));
            assertTrue(store.exists(ref));
            assertEquals(values("a", 1), store.get(ref, null));

            advance(NANO);
            assertGone(ref, Scope.TOKEN);
        }

        @Test
        void idleTimeoutEndsAnUnusedSession() {
            SessionRef.Token ref = startToken(idle(Duration.ofMinutes(5), true, true));

            advance(Duration.ofMinutes(5).minus(NANO));
            assertTrue(store.exists(ref));
            advance(NANO);
            assertGone(ref, Scope.TOKEN);
        }

        @Test
        void readsRenewOnlyWithExtendOnGet() {
            SessionRef.Token sliding = startToken(idle(Duration.ofMinutes(5), true, false));
            SessionRef.Token fixed = startToken(idle(Duration.ofMinutes(5), false, true));

            advance(Duration.ofMinutes(4));
            store.get(sliding, List.of("x"));
            store.get(fixed, List.of("x"));
            advance(Duration.ofMinutes(1));

            assertFalse(store.exists(fixed));
            assertTrue(store.exists(sliding));
            assertEquals(clock.instant().plus(Duration.ofMinutes(4)), store.info(sliding).orElseThrow().expiresAt());
            advance(Duration.ofMinutes(4).minus(NANO));
            assertTrue(store.exists(sliding));
            advance(NANO);
            assertFalse(store.exists(sliding));
        }

        @Test
        void writesRenewOnlyWithExtendOnSet() {
            SessionRef.Token sliding = startToken(idle(Duration.ofMinutes(5), false, true));
            SessionRef.Token fixed = startToken(idle(Duration.ofMinutes(5), true, false));

            advance(Duration.ofMinutes(4));
            put(sliding, "a", 1);
            put(fixed, "a", 1);
            advance(Duration.ofMinutes(1));

            assertFalse(store.exists(fixed));
            advance(Duration.ofMinutes(4).minus(NANO));
            assertEquals(values("a", 1), store.get(sliding, null));
            advance(NANO);
            assertFalse(store.exists(sliding));
        }

        @Test
        void deleteAndClearAreWritesThatRenewWithExtendOnSet() {
            SessionRef.Token ref = startToken(idle(Duration.ofMinutes(5), false, true));
            put(ref, "a", 1, "b", 2);

            advance(Duration.ofMinutes(4));
            store.delete(ref, List.of("a"));
            advance(Duration.ofMinutes(4));
            store.clear(ref);
            advance(Duration.ofMinutes(5).minus(NANO));

            assertTrue(store.exists(ref));
            advance(NANO);
            assertFalse(store.exists(ref));
        }

        @Test
        void ttlCapsSlidingExpiry() {
            SessionRef.Token ref = startToken(new SessionSpec(null, Duration.ofMinutes(7), Duration.ofMinutes(5),
                    true, true, OnExpiry.END_SESSION));

            advance(Duration.ofMinutes(4));
            store.get(ref, null);
            put(ref, "a", 1);
            assertEquals(clock.instant().plus(Duration.ofMinutes(3)), store.info(ref).orElseThrow().expiresAt());

            advance(Duration.ofMinutes(3).minus(NANO));
            assertTrue(store.exists(ref));
            advance(NANO);
            assertFalse(store.exists(ref));
        }

        @Test
        void touchRestartsBothTheIdleTimerAndTheTtl() {
            SessionRef.Token ref = startToken(new SessionSpec(null, Duration.ofMinutes(10), Duration.ofMinutes(5),
                    false, false, OnExpiry.END_SESSION));

            advance(Duration.ofMinutes(4));
            SessionInfo touched = store.touch(ref);
            assertEquals(clock.instant().plus(Duration.ofMinutes(5)), touched.expiresAt());
            assertEquals(Duration.ofMinutes(5), touched.remaining());
            assertNull(touched.token());

            advance(Duration.ofMinutes(4));
            store.touch(ref);
            advance(Duration.ofMinutes(4));
            store.touch(ref);
            assertTrue(store.exists(ref), "12 minutes after the start, but the TTL counts from the last touch");
            advance(Duration.ofMinutes(5).minus(NANO));
            assertTrue(store.exists(ref));
            advance(NANO);
            assertFalse(store.exists(ref));
        }

        @Test
        void touchRestartsTheTtlAlone() {
            SessionRef.Token ref = startToken(ttl(Duration.ofMinutes(10)));
            advance(Duration.ofMinutes(8));
            store.touch(ref);

            advance(Duration.ofMinutes(10).minus(NANO));
            assertTrue(store.exists(ref));
            advance(NANO);
            assertFalse(store.exists(ref));
        }

        @Test
        void existsInfoAndListNeverRenew() {
            SessionRef.Token ref = startToken(idle(Duration.ofMinutes(5), true, true));

            advance(Duration.ofMinutes(4));
            assertTrue(store.exists(ref));
            assertTrue(store.info(ref).isPresent());
            assertEquals(1, store.list(APP).size());
            advance(Duration.ofMinutes(1));

            assertFalse(store.exists(ref));
        }

        @Test
        void infoTellsWhenTheSessionExpiresAndHowLongRemains() {
            Instant start = clock.instant();
            SessionRef.Token ref = startToken(ttl(Duration.ofMinutes(10)));
            advance(Duration.ofMinutes(3));

            SessionInfo info = store.info(ref).orElseThrow();
            assertEquals(start.plus(Duration.ofMinutes(10)), info.expiresAt());
            assertEquals(Duration.ofMinutes(7), info.remaining());
            assertEquals(start, info.createdAt());
        }

        @Test
        void sessionWithoutTtlOrIdleTimeoutNeverExpiresByTime() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "a", 1);
            advance(Duration.ofDays(3650));

            SessionInfo info = store.info(ref).orElseThrow();
            assertNull(info.expiresAt());
            assertNull(info.remaining());
            assertEquals(values("a", 1), store.get(ref, null));
            store.cleanUp();
            assertTrue(store.exists(ref));
        }

        @Test
        void expiryLooksTheSameBeforeAndAfterCleanUp() {
            SessionRef.Token ref = startToken(ttl(Duration.ofMinutes(1)));
            put(ref, "a", "x");
            advance(Duration.ofMinutes(1));

            assertGone(ref, Scope.TOKEN);
            store.cleanUp();
            assertGone(ref, Scope.TOKEN);
            assertEquals(0, store.bytesUsed());
        }

        @Test
        void aFailedWriteDoesNotRenew() {
            SessionRef.Token ref = startToken(idle(Duration.ofMinutes(5), false, true));
            put(ref, "a", 1);

            advance(Duration.ofMinutes(4));
            assertThrows(ConflictException.class,
                    () -> store.put(ref, values("a", 2), new PutOptions(false, 7L, Set.of())));
            advance(Duration.ofMinutes(1));

            assertFalse(store.exists(ref));
        }
    }

    @Nested
    class GlobalSessions {
        @Test
        void readsAndWritesSlideTheIdleTimeout() {
            SessionRef.Global alice = global(ALICE);
            store.get(alice, null);

            advance(GLOBAL_IDLE.minusMinutes(1));
            store.get(alice, List.of("username"));
            advance(GLOBAL_IDLE.minusMinutes(1));
            put(alice, "cart", 1);
            advance(GLOBAL_IDLE.minus(NANO));

            assertTrue(store.exists(alice));
            assertEquals(1, version(alice));
            advance(NANO);
            assertFalse(store.exists(alice));
        }

        @Test
        void existsAndInfoDoNotRenewAGlobalSession() {
            store.touch(global(ALICE));
            advance(GLOBAL_IDLE.minusMinutes(1));
            assertTrue(store.exists(global(ALICE)));
            assertTrue(store.info(global(ALICE)).isPresent());
            advance(Duration.ofMinutes(1));

            assertFalse(store.exists(global(ALICE)));
        }

        @Test
        void anExpiredGlobalSessionEndsAndTheNextUseStartsAFreshOne() {
            put(global(ALICE), "cart", 3);
            advance(GLOBAL_IDLE);

            assertFalse(store.exists(global(ALICE)));
            assertEquals(values("username", "alice", "roleId", "user"), store.get(global(ALICE), null));
            assertEquals(0, version(global(ALICE)));
        }

        @Test
        void theIdleTimeoutComesFromTheRef() {
            SessionRef.Global shortIdle = new SessionRef.Global(APP, ALICE, Duration.ofMinutes(2));
            store.touch(shortIdle);
            advance(Duration.ofMinutes(2).minus(NANO));
            assertTrue(store.exists(shortIdle));
            advance(NANO);
            assertFalse(store.exists(global(ALICE)));
        }


        @Test
        void endingAGlobalSessionDeletesItsData() {
            put(global(ALICE), "cart", 3);
            assertTrue(store.end(global(ALICE)));

            assertFalse(store.exists(global(ALICE)));
            assertEquals(values("username", "alice", "roleId", "user"), store.get(global(ALICE), null));
        }

        @Test
        void aRefWithAnotherUsernameOrTimeoutAddressesTheSameSession() {
            put(global(ALICE), "cart", 3);
            SessionRef.Global renamed = new SessionRef.Global(APP, new UserIdentity("u-alice", "alice2", "admin"),
                    Duration.ofMinutes(5));

            assertEquals(values("cart", 3), store.get(renamed, List.of("cart")));
        }
    }

    @Nested
    class Identity {
        private final long identityBytes = ("username".length() + "\"alice\"".length())
                + ("roleId".length() + "\"user\"".length());

        private void assertReserved(String name, Executable call) {
            InvalidInputException error = assertThrows(InvalidInputException.class, call);
            assertEquals("RESERVED_PARAMETER", error.code());
            assertEquals(name, error.details().get("parameter"));
            assertEquals("GLOBAL", error.details().get("scope"));
            assertTrue(error.getMessage().contains("'" + name + "'") && error.getMessage().contains("read-only"),
                    error.getMessage());
        }

        @Test
        void aPutNamingUsernameOrRoleIdInAGlobalSessionIsRefusedAndChangesNothing() {
            SessionRef.Global alice = global(ALICE);
            put(alice, "cart", 3);
            long version = version(alice);

            assertReserved("roleId", () -> put(alice, "cart", 4, "roleId", "admin"));
            assertReserved("username", () -> put(alice, "username", "root"));
            assertReserved("roleId", () -> store.put(alice, values("roleId", "admin"),
                    new PutOptions(true, null, Set.of())));
            assertReserved("roleId", () -> store.put(alice, values("roleId", "admin"),
                    new PutOptions(false, version, Set.of("roleId"))));

            assertEquals(values("username", "alice", "roleId", "user", "cart", 3), store.get(alice, null));
            assertEquals(version, version(alice));
            assertEquals(Set.of(), store.info(alice).orElseThrow().secretNames());
        }

        @Test
        void aRefusedPutCreatesNoGlobalSession() {
            assertReserved("roleId", () -> put(global(ALICE), "roleId", "admin"));
            assertFalse(store.exists(global(ALICE)));
            assertEquals(0, store.bytesUsed());
        }

        @Test
        void aDeleteNamingUsernameOrRoleIdIsRefusedAndDeletesNothing() {
            SessionRef.Global alice = global(ALICE);
            put(alice, "cart", 3);

            assertReserved("username", () -> store.delete(alice, List.of("cart", "username")));
            assertReserved("roleId", () -> store.delete(alice, List.of("roleId")));
            assertEquals(values("username", "alice", "roleId", "user", "cart", 3), store.get(alice, null));
        }

        @Test
        void clearKeepsTheIdentityAndCountsOnlyWhatItRemoved() {
            SessionRef.Global alice = global(ALICE);
            put(alice, "cart", 3, "note", "x");
            store.put(alice, values("pin", "1234"), new PutOptions(false, null, Set.of("pin")));
            long version = version(alice);

            assertEquals(3, store.clear(alice));
            assertTrue(store.exists(alice));
            assertEquals(values("username", "alice", "roleId", "user"), store.get(alice, null));
            SessionInfo info = store.info(alice).orElseThrow();
            assertEquals(2, info.keyCount());
            assertEquals(identityBytes, info.bytes());
            assertEquals(identityBytes, store.bytesUsed());
            assertEquals(Set.of(), info.secretNames());
            assertEquals(version + 1, info.version());

            assertEquals(0, store.clear(alice), "only the identity is left: nothing to clear");
            assertEquals(version + 1, version(alice));
        }

        @Test
        void theNamesAreOrdinaryParametersInOtherScopes() {
            SessionRef.Local local = local();
            SessionRef.Token token = startToken(SessionSpec.unbounded());
            store.start(APP, named("settings"));
            SessionRef.Shared shared = new SessionRef.Shared(APP, "settings");
            for (SessionRef ref : List.of(local, token, shared)) {
                put(ref, "username", "anyone", "roleId", "admin");
                assertEquals(values("username", "anyone", "roleId", "admin"), store.get(ref, null), ref.toString());
                assertEquals(1, store.delete(ref, List.of("roleId")));
                assertEquals(1, store.clear(ref));
            }
        }
    }

    @Nested
    class AnonymousSessions {
        private final AnonymousLimits limits = new AnonymousLimits(Duration.ofMinutes(30), Duration.ofHours(2), 0.5);

        private HostSessionStore anonymousStore(SessionLimits storeLimits) {
            return open(storeLimits, limits);
        }

        @Test
        void theyGetTheAnonymousIdleTimeoutWhenTheirSpecAsksForNoneOrALongerOne() {
            HostSessionStore anon = anonymousStore(SessionLimits.DEFAULTS);
            Instant start = clock.instant();
            SessionInfo unbounded = anon.startAnonymous(APP, SessionSpec.unbounded());
            SessionInfo longer = anon.startAnonymous(APP, idle(Duration.ofHours(5), true, true));
            SessionInfo shorter = anon.startAnonymous(APP, idle(Duration.ofMinutes(5), true, true));

            assertEquals(Duration.ofMinutes(30), unbounded.spec().idleTimeout());
            assertEquals(start.plus(Duration.ofMinutes(30)), unbounded.expiresAt());
            assertEquals(Duration.ofMinutes(30), longer.spec().idleTimeout());
            assertEquals(Duration.ofMinutes(5), shorter.spec().idleTimeout());
            assertEquals(Duration.ofMinutes(30), anon.info(tokenRef(unbounded)).orElseThrow().spec().idleTimeout());

            advance(Duration.ofMinutes(30).minus(NANO));
            assertTrue(anon.exists(tokenRef(unbounded)));
            advance(NANO);
            assertFalse(anon.exists(tokenRef(unbounded)));
            assertFalse(anon.exists(tokenRef(longer)));
        }

        @Test
        void aSignedInStartKeepsItsSpec() {
            HostSessionStore anon = anonymousStore(SessionLimits.DEFAULTS);
            SessionInfo started = anon.start(APP, SessionSpec.unbounded());

            assertNull(started.spec().idleTimeout());
            assertNull(started.expiresAt());
            advance(Duration.ofDays(30));
            assertTrue(anon.exists(tokenRef(started)));
        }

        @Test
        void theirMaximumLifetimeEndsThemWhateverTouchesAndWritesDo() {
            HostSessionStore anon = anonymousStore(SessionLimits.DEFAULTS);
            Instant start = clock.instant();
            SessionRef.Token ref = tokenRef(anon.startAnonymous(APP, new SessionSpec(null, Duration.ofHours(10),
                    Duration.ofMinutes(20), true, true, OnExpiry.END_SESSION)));
            for (int i = 0; i < 7; i++) {
                advance(Duration.ofMinutes(15));
                anon.touch(ref);
                anon.put(ref, values("n", i), PutOptions.DEFAULT);
            }
            assertEquals(start.plus(Duration.ofHours(2)), anon.info(ref).orElseThrow().expiresAt(),
                    "the end of life comes before the renewed idle deadline");
            advance(Duration.ofMinutes(15).minus(NANO));
            assertEquals(values("n", 6), anon.get(ref, null));

            advance(NANO);
            assertFalse(anon.exists(ref));
            assertSessionNotFound(Scope.TOKEN, () -> anon.touch(ref));
            anon.cleanUp();
            assertEquals(0, anon.bytesUsed());
            assertEquals(0, anon.usage().anonymousCount());
        }

        @Test
        void theirMaximumLifetimeEndsADeleteDataSessionItself() {
            HostSessionStore anon = anonymousStore(SessionLimits.DEFAULTS);
            Instant start = clock.instant();
            SessionRef.Token ref = tokenRef(anon.startAnonymous(APP, new SessionSpec(null, null,
                    Duration.ofMinutes(10), true, true, OnExpiry.DELETE_DATA)));
            anon.put(ref, values("a", 1), PutOptions.DEFAULT);
            advance(Duration.ofMinutes(11));
            assertEquals(Map.of(), anon.get(ref, null), "DELETE_DATA still deletes the data first");
            assertEquals(start.plus(Duration.ofHours(2)), anon.info(ref).orElseThrow().expiresAt());

            advance(Duration.ofHours(2));
            assertFalse(anon.exists(ref));
            assertSessionNotFound(Scope.TOKEN, () -> anon.put(ref, values("a", 2), PutOptions.DEFAULT));
        }

        @Test
        void aSharedSessionStartedAnonymouslyKeepsItsNameAndTheLimits() {
            HostSessionStore anon = anonymousStore(SessionLimits.DEFAULTS);
            SessionInfo started = anon.startAnonymous(APP, named("lobby"));
            SessionRef.Shared lobby = new SessionRef.Shared(APP, "lobby");

            assertEquals(Scope.SHARED, started.scope());
            assertEquals(Duration.ofMinutes(30), anon.info(lobby).orElseThrow().spec().idleTimeout());
            assertEquals(1, anon.usage().anonymousCount());
            advance(Duration.ofMinutes(30));
            assertFalse(anon.exists(lobby));
            anon.startAnonymous(APP, named("lobby"));
        }

        @Test
        void togetherTheyHoldAtMostTheirShareOfTheBytesAndSignedInSessionsKeepTheRest() {
            HostSessionStore anon = anonymousStore(new SessionLimits(100, 1024, 100));
            SessionRef.Token first = tokenRef(anon.startAnonymous(APP, SessionSpec.unbounded()));
            SessionRef.Token second = tokenRef(anon.startAnonymous(APP, SessionSpec.unbounded()));
            anon.put(first, values("a", "x".repeat(28)), PutOptions.DEFAULT);   // 1 + 30 bytes
            anon.put(second, values("b", "y".repeat(8)), PutOptions.DEFAULT);   // 1 + 10 bytes

            InsufficientStorageException error = assertThrows(InsufficientStorageException.class,
                    () -> anon.put(second, values("c", "z".repeat(8)), PutOptions.DEFAULT));
            assertEquals("ANONYMOUS_SHARE_FULL", error.code());
            assertEquals(50L, ((Number) error.details().get("limit")).longValue());
            assertEquals(42L, ((Number) error.details().get("used")).longValue());
            assertEquals(11L, ((Number) error.details().get("needed")).longValue());
            assertEquals(values("b", "y".repeat(8)), anon.get(second, null), "nothing of the refused put is stored");
            assertEquals(42, anon.usage().anonymousBytes());

            SessionRef.Token signedIn = tokenRef(anon.start(APP, SessionSpec.unbounded()));
            anon.put(signedIn, values("s", "w".repeat(55)), PutOptions.DEFAULT); // 1 + 57 bytes: past the share
            assertEquals(100, anon.bytesUsed());
            assertEquals(42, anon.usage().anonymousBytes(), "signed-in sessions do not count in the share");
            assertThrows(InsufficientStorageException.class,
                    () -> anon.put(signedIn, values("t", 1), PutOptions.DEFAULT), "the store's own limit holds");

            anon.put(second, values("b", 1), PutOptions.DEFAULT);
            anon.put(second, values("c", "z".repeat(4)), PutOptions.DEFAULT);
            assertTrue(anon.end(first));
            assertEquals(1 + 1 + 1 + 6, anon.usage().anonymousBytes());
        }

        @Test
        void theShareOfBytesIsFreedWhenAnonymousSessionsExpire() {
            HostSessionStore anon = anonymousStore(new SessionLimits(100, 1024, 100));
            SessionRef.Token old = tokenRef(anon.startAnonymous(APP, idle(Duration.ofMinutes(1), false, false)));
            anon.put(old, values("a", "x".repeat(40)), PutOptions.DEFAULT);
            SessionRef.Token fresh = tokenRef(anon.startAnonymous(APP, SessionSpec.unbounded()));
            assertThrows(InsufficientStorageException.class,
                    () -> anon.put(fresh, values("b", "y".repeat(20)), PutOptions.DEFAULT));

            advance(Duration.ofMinutes(1));
            anon.put(fresh, values("b", "y".repeat(20)), PutOptions.DEFAULT);
            assertEquals(23, anon.usage().anonymousBytes());
        }

        @Test
        void togetherTheyAreAtMostTheirShareOfTheSessionsAndSignedInStartsKeepTheRest() {
            HostSessionStore anon = anonymousStore(new SessionLimits(10, 1024, 1_000_000, 4));
            SessionInfo first = anon.startAnonymous(APP, SessionSpec.unbounded());
            anon.startAnonymous(OTHER_APP, named("lobby"));

            InsufficientStorageException error = assertThrows(InsufficientStorageException.class,
                    () -> anon.startAnonymous(APP, SessionSpec.unbounded()));
            assertEquals("TOO_MANY_ANONYMOUS_SESSIONS", error.code());
            assertEquals(2L, ((Number) error.details().get("limit")).longValue());
            assertThrows(InsufficientStorageException.class, () -> anon.startAnonymous(APP, named("other")));
            assertFalse(anon.exists(new SessionRef.Shared(APP, "other")), "a refused start kept its name");

            anon.start(APP, SessionSpec.unbounded());
            anon.start(APP, named("settings"));
            assertEquals(2, anon.usage().anonymousCount());

            assertTrue(anon.end(tokenRef(first)));
            anon.startAnonymous(APP, SessionSpec.unbounded());
            assertEquals(2, anon.usage().anonymousCount());
        }

        @Test
        void theirCountersReturnToZeroWhateverEndsThem() {
            HostSessionStore anon = anonymousStore(SessionLimits.DEFAULTS);
            SessionRef.Token ended = tokenRef(anon.startAnonymous(APP, SessionSpec.unbounded()));
            SessionRef.Token expired = tokenRef(anon.startAnonymous(APP, ttl(Duration.ofMinutes(5))));
            SessionRef.Token cleared = tokenRef(anon.startAnonymous(APP, new SessionSpec(null, null,
                    Duration.ofMinutes(10), true, true, OnExpiry.DELETE_DATA)));
            SessionInfo byId = anon.startAnonymous(OTHER_APP, SessionSpec.unbounded());
            anon.startAnonymous(OTHER_APP, named("lobby"));
            for (SessionRef.Token ref : List.of(ended, expired, cleared, tokenRef(byId))) {
                anon.put(ref, values("v", "x".repeat(10)), PutOptions.DEFAULT);
            }
            assertEquals(4 * 13, anon.usage().anonymousBytes());
            assertEquals(5, anon.usage().anonymousCount());

            anon.end(ended);
            anon.clear(cleared);
            anon.endById(OTHER_APP, byId.sessionId());
            anon.endAppSessions(OTHER_APP);
            advance(Duration.ofMinutes(5));
            anon.cleanUp();
            assertEquals(0, anon.usage().anonymousBytes());
            assertEquals(1, anon.usage().anonymousCount());
            advance(Duration.ofHours(2));
            anon.cleanUp();
            assertEquals(0, anon.usage().anonymousCount());
            assertEquals(0, anon.bytesUsed());
        }
    }

    @Nested
    class DeleteData {
        private SessionSpec deleteData(Duration ttl, Duration idle, boolean extendOnGet) {
            return new SessionSpec(null, ttl, idle, extendOnGet, false, OnExpiry.DELETE_DATA);
        }

        @Test
        void expiryDeletesTheDataAndKeepsTheSessionUsable() {
            SessionRef.Token ref = startToken(deleteData(Duration.ofMinutes(10), null, false));
            put(ref, "a", 1, "b", 2);

            advance(Duration.ofMinutes(10).minus(NANO));
            assertEquals(values("a", 1, "b", 2), store.get(ref, null));
            assertEquals(1, version(ref));

            advance(NANO);
            assertTrue(store.exists(ref));
            assertEquals(Map.of(), store.get(ref, null));
            SessionInfo info = store.info(ref).orElseThrow();
            assertEquals(0, info.keyCount());
            assertEquals(0, info.bytes());
            assertEquals(2, info.version(), "data expiry changes the data: version + 1");
            assertNull(info.expiresAt(), "no period runs until the next write");

            put(ref, "c", 3);
            assertEquals(values("c", 3), store.get(ref, null));
            assertEquals(3, version(ref));
        }

        @Test
        void theNextWriteStartsANewPeriod() {
            SessionRef.Token ref = startToken(deleteData(Duration.ofMinutes(10), null, false));
            put(ref, "a", 1);
            advance(Duration.ofMinutes(15));

            put(ref, "b", 2);
            assertEquals(clock.instant().plus(Duration.ofMinutes(10)), store.info(ref).orElseThrow().expiresAt());
            advance(Duration.ofMinutes(10).minus(NANO));
            assertEquals(values("b", 2), store.get(ref, null));
            advance(NANO);
            assertEquals(Map.of(), store.get(ref, null));
        }

        @Test
        void readsRenewTheDataWithExtendOnGet() {
            SessionRef.Token ref = startToken(deleteData(null, Duration.ofMinutes(5), true));
            put(ref, "a", 1);

            advance(Duration.ofMinutes(4));
            assertEquals(values("a", 1), store.get(ref, null));
            advance(Duration.ofMinutes(5).minus(NANO));
            assertEquals(values("a", 1), store.get(ref, null));
            advance(Duration.ofMinutes(5));
            assertEquals(Map.of(), store.get(ref, null));
            assertTrue(store.exists(ref));
        }

        @Test
        void touchStartsANewPeriod() {
            SessionRef.Token ref = startToken(deleteData(Duration.ofMinutes(10), null, false));
            put(ref, "a", 1);
            advance(Duration.ofMinutes(9));
            store.touch(ref);

            advance(Duration.ofMinutes(10).minus(NANO));
            assertEquals(values("a", 1), store.get(ref, null));
            advance(NANO);
            assertEquals(Map.of(), store.get(ref, null));
        }

        @Test
        void noOperationReportsNotFoundAfterTheDataExpired() {
            SessionRef.Token ref = startToken(deleteData(Duration.ofMinutes(1), null, false));
            put(ref, "a", 1);
            advance(Duration.ofMinutes(2));

            for (SessionOperation operation : SessionOperation.values()) {
                operation.run(store, ref);
            }
            assertTrue(store.end(ref));
        }

        @Test
        void theExpiryOfEmptyDataChangesNothing() {
            SessionRef.Token ref = startToken(deleteData(Duration.ofMinutes(1), null, false));
            advance(Duration.ofMinutes(1));

            assertEquals(0, version(ref));
            store.cleanUp();
            assertEquals(0, version(ref));
        }

        @Test
        void cleanUpReleasesTheBytesOfExpiredData() {
            SessionRef.Token ref = startToken(deleteData(Duration.ofMinutes(1), null, false));
            put(ref, "a", "some text");
            assertTrue(store.bytesUsed() > 0);
            advance(Duration.ofMinutes(1));

            store.cleanUp();
            assertEquals(0, store.bytesUsed());
            assertEquals(2, version(ref), "cleanUp does not bump the version a second time");
        }
    }

    @Nested
    class SharedSessions {
        @Test
        void aNamedStartMakesASharedSessionReachableByNameAndByToken() {
            SessionInfo started = store.start(APP, named("settings"));
            SessionRef.Shared byName = new SessionRef.Shared(APP, "settings");

            assertEquals(Scope.SHARED, started.scope());
            assertTrue(started.shared());
            assertEquals("settings", started.name());
            put(byName, "theme", "dark");
            assertEquals(values("theme", "dark"), store.get(tokenRef(started), null));
            assertEquals(1, version(tokenRef(started)));
            assertEquals(started.sessionId(), store.info(byName).orElseThrow().sessionId());
            assertNull(store.info(byName).orElseThrow().token());
        }

        @Test
        void aLiveNameCannotBeStartedTwice() {
            store.start(APP, named("settings"));

            ConflictException error = assertThrows(ConflictException.class, () -> store.start(APP, named("settings")));
            assertEquals("SESSION_NAME_TAKEN", error.code());
            assertEquals("settings", error.details().get("sessionName"));
        }

        @Test
        void openSharedGivesTheTokenOfTheLiveSession() {
            SessionInfo started = store.start(APP, named("settings"));

            SessionInfo opened = store.openShared(APP, "settings");
            assertEquals(started.token(), opened.token());
            assertEquals(started.sessionId(), opened.sessionId());
            assertEquals(Scope.SHARED, opened.scope());
        }

        @Test
        void openSharedOfAnUnknownNameIsNotFound() {
            NotFoundException error = assertSessionNotFound(Scope.SHARED, () -> store.openShared(APP, "nothing"));
            assertEquals("nothing", error.details().get("sessionName"));
        }

        @Test
        void theNameIsFreeAfterEndByNameOrByToken() {
            SessionInfo first = store.start(APP, named("settings"));
            assertTrue(store.end(new SessionRef.Shared(APP, "settings")));
            SessionInfo second = store.start(APP, named("settings"));
            assertTrue(store.end(tokenRef(second)));
            SessionInfo third = store.start(APP, named("settings"));

            assertNotEquals(first.token(), third.token());
            assertGone(tokenRef(first), Scope.TOKEN);
            assertEquals(third.token(), store.openShared(APP, "settings").token());
        }

        @Test
        void theNameIsFreeAfterExpiryAndNeverResolvesToAnotherSession() {
            SessionSpec spec = new SessionSpec("lobby", Duration.ofMinutes(5), null, false, false, null);
            SessionInfo first = store.start(APP, spec);
            put(tokenRef(first), "old", 1);
            advance(Duration.ofMinutes(5));

            assertGone(new SessionRef.Shared(APP, "lobby"), Scope.SHARED);
            assertSessionNotFound(Scope.SHARED, () -> store.openShared(APP, "lobby"));
            SessionInfo second = store.start(APP, spec);
            assertEquals(Map.of(), store.get(new SessionRef.Shared(APP, "lobby"), null));
            assertEquals(second.token(), store.openShared(APP, "lobby").token());
            assertGone(tokenRef(first), Scope.TOKEN);
        }

        @Test
        void sameNameInTwoAppsNamesTwoSessions() {
            store.start(APP, named("settings"));
            store.start(OTHER_APP, named("settings"));
            put(new SessionRef.Shared(APP, "settings"), "app", APP);
            put(new SessionRef.Shared(OTHER_APP, "settings"), "app", OTHER_APP);

            assertEquals(values("app", APP), store.get(new SessionRef.Shared(APP, "settings"), null));
            assertEquals(values("app", OTHER_APP), store.get(new SessionRef.Shared(OTHER_APP, "settings"), null));
        }

        @Test
        void aSharedSessionUnderDeleteDataKeepsItsName() {
            SessionSpec spec = new SessionSpec("board", Duration.ofMinutes(1), null, false, false,
                    OnExpiry.DELETE_DATA);
            SessionInfo started = store.start(APP, spec);
            advance(Duration.ofMinutes(2));

            assertThrows(ConflictException.class, () -> store.start(APP, spec));
            assertEquals(started.token(), store.openShared(APP, "board").token());
        }
    }

    @Nested
    class MissingSessions {
        @ParameterizedTest
        @EnumSource(SessionOperation.class)
        void anUnknownTokenIsNotFoundWithoutShowingTheToken(SessionOperation operation) {
            String token = "unknown-token-abcdefghijklmnop";
            NotFoundException error = assertSessionNotFound(Scope.TOKEN,
                    () -> operation.run(store, new SessionRef.Token(APP, token)));
            assertNoToken(error, token);
        }

        @ParameterizedTest
        @EnumSource(SessionOperation.class)
        void anEndedTokenSessionIsNotFound(SessionOperation operation) {
            SessionInfo started = store.start(APP, SessionSpec.unbounded());
            assertTrue(store.end(tokenRef(started)));

            NotFoundException error = assertSessionNotFound(Scope.TOKEN, () -> operation.run(store, tokenRef(started)));
            assertNoToken(error, started.token());
        }

        @ParameterizedTest
        @EnumSource(SessionOperation.class)
        void anExpiredTokenSessionIsNotFound(SessionOperation operation) {
            SessionRef.Token ref = startToken(ttl(Duration.ofSeconds(30)));
            advance(Duration.ofSeconds(30));

            assertSessionNotFound(Scope.TOKEN, () -> operation.run(store, ref));
        }

        @ParameterizedTest
        @EnumSource(SessionOperation.class)
        void anUnknownSharedNameIsNotFoundNamingIt(SessionOperation operation) {
            NotFoundException error = assertSessionNotFound(Scope.SHARED,
                    () -> operation.run(store, new SessionRef.Shared(APP, "nobody")));
            assertEquals("nobody", error.details().get("sessionName"));
        }

        @Test
        void existsInfoAndEndAnswerInsteadOfThrowing() {
            SessionRef.Token token = new SessionRef.Token(APP, "unknown-token-abcdefghijklmnop");
            SessionRef.Shared shared = new SessionRef.Shared(APP, "nobody");

            assertFalse(store.exists(token));
            assertFalse(store.exists(shared));
            assertTrue(store.info(token).isEmpty());
            assertTrue(store.info(shared).isEmpty());
            assertFalse(store.end(token));
            assertFalse(store.end(shared));
        }
    }

    @Nested
    class Data {
        @Test
        void getAnswersTheNamesAskedInTheirOrderLeavingOutAbsentOnes() {
            SessionRef.Local ref = local();
            put(ref, "a", 1, "b", 2, "c", 3);

            Map<String, JsonNode> found = store.get(ref, List.of("c", "missing", "a"));
            assertEquals(List.of("c", "a"), new ArrayList<>(found.keySet()));
            assertEquals(values("c", 3, "a", 1), found);
            assertEquals(Map.of(), store.get(ref, List.of("missing")));
            assertEquals(values("b", 2), store.get(ref, List.of("b")));
        }

        @Test
        void getOfAllAnswersInTheOrderFirstStored() {
            SessionRef.Local ref = local();
            put(ref, "a", 1, "b", 2, "c", 3);
            put(ref, "a", 10);
            store.delete(ref, List.of("b"));
            put(ref, "b", 20);

            Map<String, JsonNode> all = store.get(ref, null);
            assertEquals(List.of("a", "c", "b"), new ArrayList<>(all.keySet()));
            assertEquals(values("a", 10, "c", 3, "b", 20), all);
        }

        @Test
        void getAnswersAnUnmodifiableMap() {
            SessionRef.Local ref = local();
            put(ref, "a", 1, "b", 2);

            for (Map<String, JsonNode> answer : List.of(store.get(ref, null), store.get(ref, List.of("a")),
                    store.get(ref, List.of("a", "b")), store.get(ref, List.of("x")))) {
                assertThrows(UnsupportedOperationException.class, () -> answer.put("z", NullNode.instance));
            }
        }

        @Test
        void everyKindOfJsonValueRoundTripsAndJsonNullIsAValue() {
            SessionRef.Local ref = local();
            JsonNode object = JSON.objectNode().put("sku", "A-1").set("tags", JSON.arrayNode().add("x").add(2));
            Map<String, JsonNode> stored = values("text", "héllo", "int", 42, "long", 9_000_000_000L, "decimal",
                    new BigDecimal("3.14"), "flag", true, "nothing", null, "object", object, "array",
                    JSON.arrayNode().add(1).add(JSON.objectNode()));
            store.put(ref, stored, PutOptions.DEFAULT);

            assertEquals(stored, store.get(ref, null));
            assertEquals(8, store.info(ref).orElseThrow().keyCount());
            assertTrue(store.get(ref, List.of("nothing")).get("nothing").isNull());
        }

        @Test
        void putReportsWhatItStoredInTheOrderGiven() {
            PutResult result = store.put(local(), values("z", 1, "a", 2), PutOptions.DEFAULT);

            assertEquals(List.of("z", "a"), new ArrayList<>(result.stored().keySet()));
            assertEquals(values("z", 1, "a", 2), result.stored());
            assertEquals(List.of(), result.kept());
        }

        @Test
        void deleteRemovesTheNamesGivenAndIgnoresAbsentOnes() {
            SessionRef.Local ref = local();
            put(ref, "a", 1, "b", 2, "c", 3);

            assertEquals(2, store.delete(ref, List.of("a", "missing", "c", "a")));
            assertEquals(values("b", 2), store.get(ref, null));
            assertEquals(0, store.delete(ref, List.of("missing")));
        }

        @Test
        void clearRemovesAllAndKeepsTheSession() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "a", 1, "b", 2);

            assertEquals(2, store.clear(ref));
            assertTrue(store.exists(ref));
            assertEquals(Map.of(), store.get(ref, null));
            assertEquals(0, store.clear(ref));
            put(ref, "c", 3);
            assertEquals(values("c", 3), store.get(ref, null));
        }

        @ParameterizedTest
        @EnumSource(value = Scope.class, names = {"LOCAL", "GLOBAL", "TOKEN"})
        void readAnswersTheValuesTheirSecretMarksAndTheVersionAtOnce(Scope scope) {
            SessionRef ref = switch (scope) {
                case LOCAL -> local();
                case GLOBAL -> global(ALICE);
                default -> startToken(SessionSpec.unbounded());
            };
            store.put(ref, values("pin", "1234", "note", "x"), new PutOptions(false, null, Set.of("pin")));
            store.put(ref, values("note", "y"), PutOptions.DEFAULT);

            ReadResult both = store.read(ref, List.of("note", "pin", "absent"));
            assertEquals(values("note", "y", "pin", "1234"), both.values());
            assertEquals(List.of("note", "pin"), List.copyOf(both.values().keySet()), "in the order asked");
            assertEquals(Set.of("pin"), both.secretNames());
            assertEquals(store.info(ref).orElseThrow().version(), both.version());

            ReadResult notSecret = store.read(ref, List.of("note"));
            assertEquals(Set.of(), notSecret.secretNames(), "only the marks of the names answered");
            ReadResult all = store.read(ref, null);
            assertEquals(store.get(ref, null), all.values());
            assertEquals(Set.of("pin"), all.secretNames());
        }

        @Test
        void readCreatesAndRenewsAsGetDoes() {
            assertEquals(0, store.read(global(BOB), List.of("x")).version());
            assertTrue(store.exists(global(BOB)), "a read creates a GLOBAL session, as get does");
            advance(GLOBAL_IDLE.minus(NANO));
            store.read(global(BOB), null);
            advance(GLOBAL_IDLE.minus(NANO));
            assertTrue(store.exists(global(BOB)), "a read renews a GLOBAL session, as get does");
            assertThrows(NotFoundException.class, () -> store.read(new SessionRef.Token(APP, "no-such-token"), null));
        }

        @Test
        void secretMarksFollowTheLatestWriteOfEachName() {
            SessionRef.Local ref = local();
            store.put(ref, values("pin", "1234", "note", "x"), new PutOptions(false, null, Set.of("pin", "other")));
            assertEquals(Set.of("pin"), store.info(ref).orElseThrow().secretNames());

            store.put(ref, values("pin", "1234", "code", "9"), new PutOptions(true, null, Set.of("code")));
            assertEquals(Set.of("pin", "code"), store.info(ref).orElseThrow().secretNames(),
                    "a kept name keeps its mark");

            put(ref, "pin", "0000");
            assertEquals(Set.of("code"), store.info(ref).orElseThrow().secretNames());
            store.delete(ref, List.of("code"));
            assertEquals(Set.of(), store.info(ref).orElseThrow().secretNames());
        }

        @Test
        void aPutNeedsAtLeastOneValueAndNonEmptyNames() {
            SessionRef.Local ref = local();
            assertThrows(InvalidInputException.class, () -> store.put(ref, Map.of(), PutOptions.DEFAULT));
            assertThrows(InvalidInputException.class, () -> store.put(ref, values("", 1), PutOptions.DEFAULT));
            assertFalse(store.exists(ref));
        }

        @Test
        void nullArgumentsAreRefused() {
            SessionRef.Local ref = local();
            Map<String, JsonNode> nullValue = new LinkedHashMap<>();
            nullValue.put("a", null);
            List<String> nullName = new ArrayList<>();
            nullName.add(null);

            assertThrows(NullPointerException.class, () -> store.get(null, null));
            assertThrows(NullPointerException.class, () -> store.put(ref, null, PutOptions.DEFAULT));
            assertThrows(NullPointerException.class, () -> store.put(ref, values("a", 1), null));
            assertThrows(NullPointerException.class, () -> store.put(ref, nullValue, PutOptions.DEFAULT));
            assertThrows(NullPointerException.class, () -> store.get(ref, nullName));
            assertThrows(NullPointerException.class, () -> store.delete(ref, null));
            assertThrows(NullPointerException.class, () -> store.start(APP, null));
            assertThrows(NullPointerException.class, () -> store.exists(null));
            assertThrows(NullPointerException.class, () -> store.endUserSessions(null));
        }
    }

    @Nested
    class VersionsAndConditions {
        @Test
        void everyChangeOfTheDataAddsOneAndNothingElseDoes() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            assertEquals(0, version(ref));

            assertEquals(1, store.put(ref, values("a", 1, "b", 2, "c", 3), PutOptions.DEFAULT).version());
            store.get(ref, null);
            store.touch(ref);
            store.info(ref);
            assertEquals(1, version(ref));
            assertEquals(2, store.put(ref, values("a", 1), PutOptions.DEFAULT).version(), "a rewrite is a change");
            store.delete(ref, List.of("missing"));
            assertEquals(2, version(ref));
            store.delete(ref, List.of("a", "b"));
            assertEquals(3, version(ref));
            store.clear(ref);
            assertEquals(4, version(ref));
            store.clear(ref);
            assertEquals(4, version(ref));
        }

        @Test
        void theExpectedVersionLetsTheWriteThrough() {
            SessionRef.Global alice = global(ALICE);
            PutResult first = store.put(alice, values("n", 1), new PutOptions(false, 0L, Set.of()));
            PutResult second = store.put(alice, values("n", 2), new PutOptions(false, first.version(), Set.of()));

            assertEquals(2, second.version());
            assertEquals(values("n", 2), store.get(alice, List.of("n")));
        }

        @Test
        void aStaleExpectedVersionIsAConflictThatChangesNothing() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "n", 1);
            put(ref, "n", 2);
            long bytes = store.bytesUsed();

            ConflictException error = assertThrows(ConflictException.class,
                    () -> store.put(ref, values("n", 99, "m", 1), new PutOptions(true, 1L, Set.of("n"))));
            assertEquals("VERSION_CONFLICT", error.code());
            assertEquals(1L, ((Number) error.details().get("expected")).longValue());
            assertEquals(2L, ((Number) error.details().get("actual")).longValue());
            assertEquals(values("n", 2), store.get(ref, null));
            assertEquals(2, version(ref));
            assertEquals(bytes, store.bytesUsed());
            assertEquals(Set.of(), store.info(ref).orElseThrow().secretNames());
        }

        @Test
        void onlyIfAbsentKeepsHeldNamesAndReportsThem() {
            SessionRef.Local ref = local();
            put(ref, "a", 1);

            PutResult result = store.put(ref, values("b", 2, "a", 99, "c", 3), new PutOptions(true, null, Set.of()));
            assertEquals(List.of("a"), result.kept());
            assertEquals(values("b", 2, "c", 3), result.stored());
            assertEquals(2, result.version());
            assertEquals(values("a", 1, "b", 2, "c", 3), store.get(ref, null));
        }

        @Test
        void onlyIfAbsentThatKeepsEverythingIsNoChange() {
            SessionRef.Local ref = local();
            put(ref, "a", 1);

            PutResult result = store.put(ref, values("a", 2), new PutOptions(true, null, Set.of()));
            assertEquals(List.of("a"), result.kept());
            assertEquals(Map.of(), result.stored());
            assertEquals(1, result.version());
            assertEquals(values("a", 1), store.get(ref, null));
        }
    }

    @Nested
    class LimitsAndBytes {
        @Test
        void startingASessionOverTheSessionLimitIsRefusedUntilOneEndsOrExpires() {
            HostSessionStore small = open(new SessionLimits(10, 1024, 1024 * 1024, 3));
            SessionInfo first = small.start(APP, SessionSpec.unbounded());
            small.start(OTHER_APP, named("settings"));
            small.start(APP, ttl(Duration.ofMinutes(1)));

            InsufficientStorageException error = assertThrows(InsufficientStorageException.class,
                    () -> small.start(APP, SessionSpec.unbounded()));
            assertEquals("TOO_MANY_SESSIONS", error.code());
            assertEquals(3L, error.details().get("limit"));
            assertThrows(InsufficientStorageException.class, () -> small.start(APP, named("other")));
            assertFalse(small.exists(new SessionRef.Shared(APP, "other")), "a refused SHARED session kept its name");

            assertTrue(small.end(tokenRef(first)));
            SessionInfo second = small.start(APP, SessionSpec.unbounded());
            assertThrows(InsufficientStorageException.class, () -> small.start(APP, SessionSpec.unbounded()));
            advance(Duration.ofMinutes(1));
            small.start(APP, SessionSpec.unbounded());
            assertTrue(small.exists(tokenRef(second)));
        }

        @Test
        void aSessionsBytesAreItsNamesPlusItsValuesAsJson() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "ab", "xyz", "n", 12345, "o", JSON.objectNode().put("k", true));

            long expected = (2 + 5) + (1 + 5) + (1 + 10);
            assertEquals(expected, store.info(ref).orElseThrow().bytes());
            assertEquals(expected, store.bytesUsed());
            put(ref, "ab", "x");
            assertEquals(expected - 2, store.bytesUsed(), "a replaced value counts once");
        }

        @Test
        void aGlobalSessionCountsItsIdentity() {
            store.get(global(ALICE), null);
            long expected = ("username".length() + "\"alice\"".length()) + ("roleId".length() + "\"user\"".length());
            assertEquals(expected, store.bytesUsed());
            assertEquals(expected, store.info(global(ALICE)).orElseThrow().bytes());
        }

        @Test
        void aValueTooLargeIsRefusedAndNothingOfThePutIsStored() {
            HostSessionStore small = open(new SessionLimits(100, 16, 1_000_000));
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");
            small.put(ref, values("first", "kept"), PutOptions.DEFAULT);
            long bytes = small.bytesUsed();

            PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class, () -> small.put(ref,
                    values("ok", "fine", "big", "x".repeat(20)), PutOptions.DEFAULT));
            assertEquals("VALUE_TOO_LARGE", error.code());
            assertEquals("big", error.details().get("parameter"));
            assertEquals(22L, ((Number) error.details().get("bytes")).longValue());
            assertEquals(16L, ((Number) error.details().get("limit")).longValue());
            assertEquals(values("first", "kept"), small.get(ref, null));
            assertEquals(1, small.info(ref).orElseThrow().version());
            assertEquals(bytes, small.bytesUsed());
        }

        @Test
        void aNameOverTheLimitIsRefusedAndNothingOfThePutIsStored() {
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");
            store.put(ref, values("first", "kept"), PutOptions.DEFAULT);
            long bytes = store.bytesUsed();
            String tooLong = "n".repeat(SessionLimits.MAX_NAME_LENGTH + 1);

            InvalidInputException error = assertThrows(InvalidInputException.class, () -> store.put(ref,
                    values("ok", "fine", tooLong, "x"), PutOptions.DEFAULT));
            assertEquals("INVALID_PARAMETER_NAME", error.code());
            assertEquals(SessionLimits.MAX_NAME_LENGTH + 1, ((Number) error.details().get("length")).intValue());
            assertEquals(SessionLimits.MAX_NAME_LENGTH, ((Number) error.details().get("limit")).intValue());
            assertEquals(values("first", "kept"), store.get(ref, null));
            assertEquals(1, store.info(ref).orElseThrow().version());
            assertEquals(bytes, store.bytesUsed());

            String longest = "n".repeat(SessionLimits.MAX_NAME_LENGTH);
            store.put(ref, values(longest, "x"), PutOptions.DEFAULT);
            assertEquals(values("first", "kept", longest, "x"), store.get(ref, null));
        }

        @Test
        void aValueOfExactlyTheLimitFits() {
            HostSessionStore small = open(new SessionLimits(100, 16, 1_000_000));
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");

            small.put(ref, values("v", "x".repeat(14)), PutOptions.DEFAULT);
            assertEquals(1 + 16, small.bytesUsed());
        }

        @Test
        void aNumberTheHostCouldNotWriteBackIsRefusedAndNothingOfThePutIsStored() {
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");
            store.put(ref, values("first", "kept"), PutOptions.DEFAULT);
            long bytes = store.bytesUsed();
            JsonNodeFactory exact = JsonNodeFactory.withExactBigDecimals(true);
            for (JsonNode number : List.of(exact.numberNode(new BigDecimal("1e1000")),
                    exact.numberNode(new BigDecimal("1e999999999")), exact.numberNode(Double.NaN),
                    exact.numberNode(Double.NEGATIVE_INFINITY))) {
                Map<String, JsonNode> put = new LinkedHashMap<>();
                put.put("ok", JSON.textNode("fine"));
                put.put("deep", JSON.objectNode().set("list", JSON.arrayNode().add(number)));
                InvalidInputException error = assertThrows(InvalidInputException.class,
                        () -> store.put(ref, put, PutOptions.DEFAULT), number::toString);
                assertEquals("NUMBER_TOO_LONG", error.code());
                assertEquals("deep", error.details().get("parameter"));
            }
            assertEquals(values("first", "kept"), store.get(ref, null));
            assertEquals(bytes, store.bytesUsed());
        }

        @Test
        void aValueNestedDeeperThan256LevelsIsRefusedAndNothingIsStored() {
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");
            JsonNode deepest = JSON.arrayNode();
            for (int level = 1; level < 256; level++) deepest = JSON.arrayNode().add(deepest);
            store.put(ref, Map.of("ok", deepest), PutOptions.DEFAULT);
            JsonNode tooDeep = JSON.objectNode().set("a", deepest);
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> store.put(ref, Map.of("deep", tooDeep), PutOptions.DEFAULT));
            assertEquals("VALUE_TOO_DEEP", error.code());
            assertEquals("deep", error.details().get("parameter"));
            assertEquals(Set.of("ok"), store.get(ref, null).keySet());
        }

        @Test
        void aDecimalCountsAsItsPlainDigitsAsTheHostAnswersIt() {
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");
            store.put(ref, Map.of("n", JsonNodeFactory.withExactBigDecimals(true)
                    .numberNode(new BigDecimal("1e999"))), PutOptions.DEFAULT);
            assertEquals(1 + 1000, store.bytesUsed(), "1e999 is answered as a one and 999 zeros");
            HostSessionStore small = open(new SessionLimits(100, 999, 1_000_000));
            PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class, () -> small.put(ref,
                    Map.of("n", JsonNodeFactory.withExactBigDecimals(true).numberNode(
                            new BigDecimal("1e999"))), PutOptions.DEFAULT));
            assertEquals(1000L, ((Number) error.details().get("bytes")).longValue());
        }

        @Test
        void aSessionFullOfParametersRefusesNewNamesButTakesReplacements() {
            HostSessionStore small = open(new SessionLimits(3, 1024, 1_000_000));
            SessionRef.Local ref = new SessionRef.Local(APP, "exec-1");
            small.put(ref, values("a", 1, "b", 2), PutOptions.DEFAULT);

            InsufficientStorageException error = assertThrows(InsufficientStorageException.class,
                    () -> small.put(ref, values("a", 10, "c", 3, "d", 4), PutOptions.DEFAULT));
            assertEquals("SESSION_FULL", error.code());
            assertEquals(3, ((Number) error.details().get("limit")).intValue());
            assertEquals(4, ((Number) error.details().get("count")).intValue());
            assertEquals(values("a", 1, "b", 2), small.get(ref, null));

            small.put(ref, values("a", 10, "c", 3), PutOptions.DEFAULT);
            small.put(ref, values("a", 11, "b", 12, "c", 13), PutOptions.DEFAULT);
            PutOptions ifAbsent = new PutOptions(true, null, Set.of());
            assertEquals(List.of("a"), small.put(ref, values("a", 0), ifAbsent).kept(), "kept names take no room");
            assertThrows(InsufficientStorageException.class, () -> small.put(ref, values("a", 0, "d", 4), ifAbsent));
            assertEquals(values("a", 11, "b", 12, "c", 13), small.get(ref, null));
        }

        @Test
        void aFullStoreRefusesGrowthAndEvictsNothing() {
            HostSessionStore small = open(new SessionLimits(100, 1024, 40));
            SessionRef.Local one = new SessionRef.Local(APP, "exec-1");
            SessionRef.Local two = new SessionRef.Local(APP, "exec-2");
            small.put(one, values("a", "x".repeat(15)), PutOptions.DEFAULT);
            small.put(two, values("b", "y".repeat(15)), PutOptions.DEFAULT);
            assertEquals(36, small.bytesUsed());

            InsufficientStorageException error = assertThrows(InsufficientStorageException.class,
                    () -> small.put(two, values("c", "zz", "d", "w"), PutOptions.DEFAULT));
            assertEquals("STORE_FULL", error.code());
            assertEquals(36, small.bytesUsed());
            assertEquals(values("a", "x".repeat(15)), small.get(one, null));
            assertEquals(values("b", "y".repeat(15)), small.get(two, null));
            assertEquals(1, small.info(two).orElseThrow().version());

            small.put(two, values("b", "y"), PutOptions.DEFAULT);
            small.put(two, values("c", "zz", "d", "w"), PutOptions.DEFAULT);
            assertEquals(18 + 4 + 5 + 4, small.bytesUsed());
        }

        @Test
        void bytesReturnToZeroOnceEverythingIsDeletedEndedOrExpired() {
            SessionRef.Local deleted = local();
            SessionRef.Local cleared = local();
            SessionRef.Token ended = startToken(SessionSpec.unbounded());
            SessionRef.Token expired = startToken(ttl(Duration.ofMinutes(1)));
            SessionRef.Token dataExpired = startToken(new SessionSpec(null, Duration.ofMinutes(1), null, false,
                    false, OnExpiry.DELETE_DATA));
            put(deleted, "a", "1", "b", "2");
            put(cleared, "a", "1", "b", "2");
            put(ended, "a", "1");
            put(expired, "a", "1");
            put(dataExpired, "a", "1");
            put(global(ALICE), "a", "1");
            put(global(OTHER_APP, ALICE), "a", "1");
            store.get(global(BOB), null);

            store.delete(deleted, List.of("a", "b"));
            store.clear(cleared);
            store.end(ended);
            store.endUserSessions(ALICE.id());
            assertTrue(store.bytesUsed() > 0);
            advance(GLOBAL_IDLE);
            store.cleanUp();

            assertEquals(0, store.bytesUsed());
        }
    }

    @Nested
    class Administration {
        @Test
        void endUserSessionsEndsThatUsersGlobalSessionsInEveryAppOnly() {
            put(global(APP, ALICE), "a", 1);
            put(global(OTHER_APP, ALICE), "a", 1);
            put(global(APP, BOB), "a", 1);
            SessionRef.Token token = startToken(SessionSpec.unbounded());
            SessionRef.Local local = local();
            put(local, "a", 1);

            assertEquals(2, store.endUserSessions(ALICE.id()));
            assertFalse(store.exists(global(APP, ALICE)));
            assertFalse(store.exists(global(OTHER_APP, ALICE)));
            assertTrue(store.exists(global(APP, BOB)));
            assertTrue(store.exists(token));
            assertTrue(store.exists(local));
            assertEquals(0, store.endUserSessions(ALICE.id()));
            assertEquals(0, store.endUserSessions("nobody"));
        }

        @Test
        void endUserSessionsDoesNotCountExpiredSessions() {
            store.touch(global(APP, ALICE));
            advance(GLOBAL_IDLE);
            store.touch(global(OTHER_APP, ALICE));

            assertEquals(1, store.endUserSessions(ALICE.id()));
        }

        @Test
        void listShowsTheLiveSessionsOfOneAppWithoutTokens() {
            SessionInfo token = store.start(APP, SessionSpec.unbounded());
            SessionInfo shared = store.start(APP, named("settings"));
            SessionInfo expiring = store.start(APP, ttl(Duration.ofMinutes(1)));
            SessionRef.Local local = local();
            put(local, "a", 1);
            put(global(ALICE), "b", 2);
            store.start(OTHER_APP, SessionSpec.unbounded());
            put(global(OTHER_APP, BOB), "c", 3);
            advance(Duration.ofMinutes(1));

            List<SessionInfo> listed = store.list(APP);
            assertEquals(Set.of(token.sessionId(), shared.sessionId(), "local:" + local.executionId(),
                    "global:u-alice"), listed.stream().map(SessionInfo::sessionId).collect(Collectors.toSet()));
            assertEquals(Set.of(Scope.TOKEN, Scope.SHARED, Scope.LOCAL, Scope.GLOBAL),
                    listed.stream().map(SessionInfo::scope).collect(Collectors.toSet()));
            for (SessionInfo info : listed) {
                assertNull(info.token());
                assertEquals(APP, info.appId());
                for (String secret : List.of(token.token(), shared.token(), expiring.token())) {
                    assertFalse(info.toString().contains(secret), "a listed session shows a token");
                }
            }
            SessionInfo alice = listed.stream().filter(info -> info.scope() == Scope.GLOBAL).findFirst().orElseThrow();
            assertEquals("u-alice", alice.ownerUserId());
            assertEquals(3, alice.keyCount());
            assertEquals("settings",
                    listed.stream().filter(SessionInfo::shared).findFirst().orElseThrow().name());
        }

        @Test
        void inspectReadsEveryValueOfALiveSessionByItsIdWithoutRenewingIt() {
            SessionInfo started = store.start(APP, idle(Duration.ofMinutes(10), true, true));
            store.put(tokenRef(started), values("basket", 2, "card", "4111"),
                    new PutOptions(false, null, Set.of("card")));
            advance(Duration.ofMinutes(6));

            SessionContents contents = store.inspect(APP, started.sessionId()).orElseThrow();
            assertEquals(values("basket", 2, "card", "4111"), contents.values());
            assertEquals(Set.of("card"), contents.info().secretNames());
            assertNull(contents.info().token());
            advance(Duration.ofMinutes(5));
            assertFalse(store.exists(tokenRef(started)), "inspect renewed the session");
            assertTrue(store.inspect(APP, started.sessionId()).isEmpty());
        }

        @Test
        void inspectFindsGlobalAndLocalSessionsAndOnlyInTheirApp() {
            put(global(ALICE), "cart", 3);
            String id = store.list(APP).get(0).sessionId();

            assertEquals(values("username", "alice", "roleId", "user", "cart", 3),
                    store.inspect(APP, id).orElseThrow().values());
            assertTrue(store.inspect(OTHER_APP, id).isEmpty());
            assertTrue(store.inspect(APP, "global:nobody").isEmpty());
        }

        @Test
        void endAppSessionsEndsEverySessionOfThatAppOnly() {
            SessionInfo shared = store.start(APP, named("settings"));
            SessionRef.Token token = startToken(SessionSpec.unbounded());
            put(token, "a", 1);
            put(global(ALICE), "cart", 3);
            SessionRef.Local local = local();
            put(local, "b", 2);
            SessionRef.Token other = tokenRef(store.start(OTHER_APP, SessionSpec.unbounded()));
            put(global(OTHER_APP, ALICE), "cart", 4);

            assertEquals(4, store.endAppSessions(APP));
            assertTrue(store.list(APP).isEmpty());
            assertFalse(store.exists(tokenRef(shared)));
            assertFalse(store.exists(token));
            assertTrue(store.exists(other));
            assertEquals(values("cart", 4), store.get(global(OTHER_APP, ALICE), List.of("cart")));
            assertEquals(0, store.endAppSessions(APP));
            store.start(APP, named("settings"));
        }

        @Test
        void endByIdEndsThatSessionOnlyAndReleasesItsName() {
            SessionInfo shared = store.start(APP, named("settings"));
            put(global(ALICE), "cart", 3);

            assertFalse(store.endById(OTHER_APP, shared.sessionId()));
            assertTrue(store.endById(APP, shared.sessionId()));
            assertFalse(store.endById(APP, shared.sessionId()));
            assertFalse(store.exists(new SessionRef.Shared(APP, "settings")));
            assertTrue(store.exists(global(ALICE)));
            store.start(APP, named("settings"));
        }

        @Test
        void closeIsIdempotent() {
            HostSessionStore extra = open(SessionLimits.DEFAULTS);
            put(local(), "a", 1);
            extra.close();
            extra.close();
        }
    }

    @Nested
    class Isolation {
        @Test
        void twoUsersInTwoAppsNeverSeeEachOthersGlobalData() {
            List<SessionRef.Global> refs = List.of(global(APP, ALICE), global(APP, BOB), global(OTHER_APP, ALICE),
                    global(OTHER_APP, BOB));
            for (SessionRef.Global ref : refs) {
                put(ref, "owner", ref.user().id() + "@" + ref.appId());
            }
            for (SessionRef.Global ref : refs) {
                assertEquals(values("username", ref.user().username(), "roleId", ref.user().roleId(),
                        "owner", ref.user().id() + "@" + ref.appId()), store.get(ref, null));
            }
            store.clear(global(APP, ALICE));
            assertEquals(values("owner", "u-alice@" + OTHER_APP), store.get(global(OTHER_APP, ALICE),
                    List.of("owner")));
        }

        @Test
        void anAppCannotReachAnotherAppsTokenSession() {
            SessionInfo started = store.start(APP, SessionSpec.unbounded());
            put(tokenRef(started), "secret", "42");
            SessionRef.Token foreign = new SessionRef.Token(OTHER_APP, started.token());

            assertFalse(store.exists(foreign));
            assertTrue(store.info(foreign).isEmpty());
            for (SessionOperation operation : SessionOperation.values()) {
                NotFoundException error = assertSessionNotFound(Scope.TOKEN, () -> operation.run(store, foreign));
                assertNoToken(error, started.token());
            }
            assertFalse(store.end(foreign));
            assertEquals(values("secret", "42"), store.get(tokenRef(started), null));
        }

        @Test
        void executionsHaveSeparateLocalSessions() {
            SessionRef.Local first = local();
            SessionRef.Local second = local();
            put(first, "a", 1);

            assertEquals(Map.of(), store.get(second, null));
            assertFalse(store.exists(new SessionRef.Local(OTHER_APP, first.executionId())));
        }
    }

    @Nested
    class Concurrency {
        @Test
        void concurrentWritersOfDistinctNamesLoseNothing() throws InterruptedException {
            int writes = 2_000;
            HostSessionStore big = open(new SessionLimits(THREADS * writes, 1024, 256L * 1024 * 1024));
            SessionRef.Token ref = tokenRef(big.start(APP, SessionSpec.unbounded()));

            concurrently(thread -> {
                for (int i = 0; i < writes; i++) {
                    big.put(ref, values("t" + thread + "-" + i, i), PutOptions.DEFAULT);
                }
            });

            Map<String, JsonNode> all = big.get(ref, null);
            assertEquals(THREADS * writes, all.size());
            for (int thread = 0; thread < THREADS; thread++) {
                for (int i = 0; i < writes; i++) {
                    assertEquals(i, all.get("t" + thread + "-" + i).intValue());
                }
            }
            SessionInfo info = big.info(ref).orElseThrow();
            assertEquals(THREADS * writes, info.version());
            assertEquals(info.bytes(), big.bytesUsed());
        }

        @Test
        void compareAndSetIncrementsOfOneNameAreNeverLost() throws InterruptedException {
            int increments = 300;
            SessionRef.Global alice = global(ALICE);
            put(alice, "counter", 0);
            AtomicInteger conflicts = new AtomicInteger();

            concurrently(thread -> {
                for (int done = 0; done < increments; ) {
                    long version = store.info(alice).orElseThrow().version();
                    int counter = store.get(alice, List.of("counter")).get("counter").intValue();
                    try {
                        store.put(alice, values("counter", counter + 1), new PutOptions(false, version, Set.of()));
                        done++;
                    } catch (ConflictException stale) {
                        conflicts.incrementAndGet();
                    }
                }
            });

            assertEquals(THREADS * increments, store.get(alice, List.of("counter")).get("counter").intValue());
            assertEquals(1 + THREADS * increments, version(alice));
        }

        @Test
        void concurrentWritesOfTheSameNamesCountEveryVersion() throws InterruptedException {
            int writes = 500;
            SessionRef.Token ref = startToken(SessionSpec.unbounded());

            concurrently(thread -> {
                for (int i = 0; i < writes; i++) {
                    store.put(ref, values("shared", thread, "last", i), PutOptions.DEFAULT);
                }
            });

            assertEquals(THREADS * writes, version(ref));
            assertEquals(2, store.get(ref, null).size());
            assertEquals(store.info(ref).orElseThrow().bytes(), store.bytesUsed());
        }

        @Test
        void mixedOperationsNeverFailAndKeepTheByteCountExact() throws InterruptedException {
            List<SessionRef> refs = List.of(global(ALICE), global(BOB), startToken(SessionSpec.unbounded()),
                    local());
            List<String> names = List.of("a", "b", "c", "d", "e");

            concurrently(thread -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 2_000; i++) {
                    SessionRef ref = refs.get(random.nextInt(refs.size()));
                    String name = names.get(random.nextInt(names.size()));
                    switch (random.nextInt(6)) {
                        case 0, 1 -> store.put(ref, values(name, "v".repeat(random.nextInt(50))), PutOptions.DEFAULT);
                        case 2 -> store.delete(ref, List.of(name));
                        case 3 -> store.get(ref, List.of(name, "a"));
                        case 4 -> store.put(ref, values(name, i), new PutOptions(true, null, Set.of(name)));
                        default -> {
                            if (random.nextInt(20) == 0) store.clear(ref);
                            store.get(ref, null);
                        }
                    }
                }
            });

            assertEquals(bytesOf(store, refs), store.bytesUsed());
            refs.forEach(store::end);
            assertEquals(0, store.bytesUsed());
        }

        /** Sub-processes that are not Scoped share their execution's LOCAL session. */
        @Test
        void concurrentWritersOfOneLocalSessionLoseNothing() throws InterruptedException {
            int writes = 500;
            HostSessionStore big = open(new SessionLimits(THREADS * writes, 1024, 256L * 1024 * 1024));
            SessionRef.Local ref = local();

            concurrently(thread -> {
                for (int i = 0; i < writes; i++) {
                    big.put(ref, values("t" + thread + "-" + i, i), PutOptions.DEFAULT);
                    assertEquals(i, big.get(ref, List.of("t" + thread + "-" + i)).get("t" + thread + "-" + i)
                            .intValue());
                }
            });

            assertEquals(THREADS * writes, big.get(ref, null).size());
            SessionInfo info = big.info(ref).orElseThrow();
            assertEquals(THREADS * writes, info.version());
            assertEquals(info.bytes(), big.bytesUsed());
        }

        /** Many executions at once, each writing, reading and ending its own LOCAL session, as flows do. */
        @Test
        void concurrentExecutionsKeepTheirLocalSessionsApartAndEndThem() throws InterruptedException {
            int executions = 300;

            concurrently(thread -> {
                for (int i = 0; i < executions; i++) {
                    SessionRef.Local ref = new SessionRef.Local(APP, "exec-" + thread + "-" + i);
                    store.put(ref, values("owner", thread, "run", i), PutOptions.DEFAULT);
                    assertEquals(values("owner", thread, "run", i), store.get(ref, null));
                    assertTrue(store.end(ref));
                    assertFalse(store.exists(ref));
                }
            });

            assertTrue(store.list(APP).isEmpty());
            assertEquals(0, store.bytesUsed());
        }

        @Test
        void theStoreLimitHoldsUnderConcurrentWriters() throws InterruptedException {
            HostSessionStore small = open(new SessionLimits(100_000, 1024, 20_000));
            List<SessionRef.Local> refs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                refs.add(new SessionRef.Local(APP, "exec-" + t));
            }
            AtomicInteger refused = new AtomicInteger();

            concurrently(thread -> {
                for (int i = 0; i < 400; i++) {
                    try {
                        small.put(refs.get(thread), values("n" + i, "x".repeat(10)), PutOptions.DEFAULT);
                    } catch (InsufficientStorageException full) {
                        assertEquals("STORE_FULL", full.code());
                        refused.incrementAndGet();
                    }
                    assertTrue(small.bytesUsed() <= 20_000);
                }
            });

            assertTrue(refused.get() > 0, "the writers asked for more than the limit");
            assertTrue(small.bytesUsed() <= 20_000);
            assertEquals(bytesOf(small, refs), small.bytesUsed());
        }

        @Test
        void concurrentStartsOfOneNameHaveExactlyOneWinner() throws InterruptedException {
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger taken = new AtomicInteger();

            concurrently(thread -> {
                try {
                    store.start(APP, named("lobby"));
                    winners.incrementAndGet();
                } catch (ConflictException conflict) {
                    taken.incrementAndGet();
                }
            });

            assertEquals(1, winners.get());
            assertEquals(THREADS - 1, taken.get());
            assertEquals(1, store.list(APP).size());
        }

        @Test
        void concurrentFirstReadsCreateOneGlobalSession() throws InterruptedException {
            concurrently(thread -> store.get(global(ALICE), null));

            assertEquals(0, version(global(ALICE)));
            assertEquals(store.info(global(ALICE)).orElseThrow().bytes(), store.bytesUsed());
            assertEquals(1, store.list(APP).size());
        }
    }

    /** {@link SessionStore#update}: every operation, its errors, atomicity, versions, limits and concurrent writers. */
    @Nested
    class Updates {
        private static final ObjectMapper EXACT = JsonMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();

        /** @return the JSON text parsed as the host parses it (exact decimals) */
        private JsonNode json(String text) {
            try {
                return EXACT.readTree(text);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        private ParameterUpdate append(String name, String... items) {
            List<JsonNode> nodes = new ArrayList<>();
            for (String item : items) nodes.add(json(item));
            return new ParameterUpdate.Append(name, nodes);
        }

        private ParameterUpdate remove(String name, String... values) {
            List<JsonNode> nodes = new ArrayList<>();
            for (String value : values) nodes.add(json(value));
            return new ParameterUpdate.Remove(name, nodes);
        }

        private ParameterUpdate merge(String name, String path, String object) {
            List<String> names = path.isEmpty() ? List.of() : List.of(path.split("\\."));
            return new ParameterUpdate.Merge(name, names, (ObjectNode) json(object));
        }

        private ParameterUpdate unset(String name, String path) {
            return new ParameterUpdate.Unset(name, List.of(path.split("\\.")));
        }

        private UpdateResult update(SessionRef ref, ParameterUpdate... updates) {
            return store.update(ref, List.of(updates), null);
        }

        /** @return the compact JSON text of a stored value, as the store answers it */
        private String stored(SessionRef ref, String name) {
            JsonNode value = store.get(ref, List.of(name)).get(name);
            return value == null ? null : value.toString();
        }

        /** Asserts the call is refused with WRONG_PARAMETER_TYPE naming the parameter, and changes nothing. */
        private InvalidInputException assertWrongType(SessionRef ref, String parameter, String path, String expected,
                                                      String actual, ParameterUpdate... updates) {
            Map<String, JsonNode> before = store.get(ref, null);
            long version = version(ref);
            InvalidInputException error = assertThrows(InvalidInputException.class, () -> update(ref, updates));
            assertEquals("WRONG_PARAMETER_TYPE", error.code());
            assertEquals(parameter, error.details().get("parameter"));
            assertEquals(path, error.details().get("path"));
            assertEquals(expected, error.details().get("expected"));
            assertEquals(actual, error.details().get("actual"));
            assertTrue(error.getMessage().contains("'" + parameter + "'"), error.getMessage());
            assertEquals(before, store.get(ref, null), "a refused update changes nothing");
            assertEquals(version, version(ref));
            return error;
        }

        @Test
        void appendCreatesTheListThenAddsToItsEndInOrder() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());

            UpdateResult first = update(ref, append("basket", "\"sku-1\""));
            assertEquals(json("[\"sku-1\"]"), first.values().get("basket"));
            assertEquals(1, first.version());
            UpdateResult second = update(ref, append("basket", "\"sku-2\"", "{\"sku\":\"sku-3\",\"qty\":2}", "[1,2]"));

            assertEquals("[\"sku-1\",\"sku-2\",{\"sku\":\"sku-3\",\"qty\":2},[1,2]]", stored(ref, "basket"));
            assertEquals(store.get(ref, List.of("basket")), second.values());
            assertEquals(2, second.version());
        }

        @Test
        void appendToAnythingButAnArrayIsRefusedNamingTheParameter() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "basket", "sku-1", "order", json("{\"a\":1}"));

            assertWrongType(ref, "basket", "", "ARRAY", "STRING", append("basket", "\"sku-2\""));
            assertWrongType(ref, "order", "", "ARRAY", "OBJECT", remove("order", "1"));
        }

        @Test
        void removeTakesOutEveryElementEqualAsJson() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            update(ref, append("items", "\"a\"", "1", "\"b\"", "1.0", "{\"x\":1,\"y\":[2]}", "\"a\"", "2.50", "true"));

            UpdateResult result = update(ref, remove("items", "\"a\"", "1", "{\"y\":[2.0],\"x\":1}", "2.5"));

            assertEquals("[\"b\",true]", stored(ref, "items"));
            assertEquals(json("[\"b\",true]"), result.values().get("items"));
            assertEquals(2, result.version());
        }

        @Test
        void removeThatFindsNothingChangesNothing() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            update(ref, append("items", "\"a\""));

            UpdateResult none = update(ref, remove("items", "\"z\""), remove("absent", "1"));

            assertEquals(1, none.version(), "nothing changed, so the version stays");
            assertEquals(Map.of("items", json("[\"a\"]")), none.values(), "an absent parameter is left out");
            assertNull(stored(ref, "absent"));
        }

        @Test
        void integerIncrementStartsAtZeroAndAddsExactly() {
            SessionRef.Global alice = global(ALICE);

            assertEquals(json("5"), update(alice, ParameterUpdate.Increment.integer("count", 5)).values().get("count"));
            update(alice, ParameterUpdate.Increment.integer("count", -7));
            assertEquals("-2", stored(alice, "count"));
            put(alice, "big", 9_000_000_000_000_000_000L);
            update(alice, ParameterUpdate.Increment.integer("big", 223_372_036_854_775_807L));
            assertEquals(Long.toString(Long.MAX_VALUE), stored(alice, "big"));
            put(alice, "whole", json("1.0E3"));
            update(alice, ParameterUpdate.Increment.integer("whole", 1));
            assertEquals("1001", stored(alice, "whole"));
        }

        @Test
        void integerOverflowIsRefusedAndChangesNothing() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "huge", new BigDecimal("1e30"));

            for (ParameterUpdate overflow : List.of(ParameterUpdate.Increment.integer("max", 1),
                    ParameterUpdate.Increment.integer("min", -1), ParameterUpdate.Increment.integer("huge", 0))) {
                InvalidInputException error = assertThrows(InvalidInputException.class,
                        () -> update(ref, append("list", "1"), overflow));
                assertEquals("INTEGER_OVERFLOW", error.code());
                assertEquals(overflow.name(), error.details().get("parameter"));
            }
            assertEquals(1, version(ref));
            assertNull(stored(ref, "list"), "the append before the refused increment was not applied");
            assertEquals(Long.toString(Long.MAX_VALUE), stored(ref, "max"));
        }

        @Test
        void integerIncrementOfANumberOrANonNumberIsRefused() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "price", new BigDecimal("2.5"), "name", "x", "flag", true, "nothing", null);

            assertWrongType(ref, "price", "", "INTEGER", "NUMBER", ParameterUpdate.Increment.integer("price", 1));
            assertWrongType(ref, "name", "", "NUMBER", "STRING",
                    ParameterUpdate.Increment.number("name", BigDecimal.ONE));
            assertWrongType(ref, "flag", "", "INTEGER", "BOOLEAN", ParameterUpdate.Increment.integer("flag", 1));
            assertWrongType(ref, "nothing", "", "INTEGER", "NULL", ParameterUpdate.Increment.integer("nothing", 1));
        }

        @Test
        void numberIncrementIsExactDecimalArithmetic() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());

            update(ref, ParameterUpdate.Increment.number("total", new BigDecimal("0.1")));
            UpdateResult result = update(ref, ParameterUpdate.Increment.number("total", new BigDecimal("0.2")));
            assertEquals("0.3", stored(ref, "total"));
            assertEquals(json("0.3"), result.values().get("total"));

            put(ref, "price", json("2.50"), "count", 3, "exp", json("1.5E2"));
            update(ref, ParameterUpdate.Increment.number("price", BigDecimal.ONE),
                    ParameterUpdate.Increment.number("count", new BigDecimal("0.5")),
                    ParameterUpdate.Increment.number("exp", new BigDecimal("-0.25")),
                    ParameterUpdate.Increment.number("zero", new BigDecimal("-1.50")),
                    ParameterUpdate.Increment.number("zero", new BigDecimal("1.5")));
            assertEquals("3.50", stored(ref, "price"), "the scale is the larger of the two");
            assertEquals("3.5", stored(ref, "count"));
            assertEquals("149.75", stored(ref, "exp"));
            assertEquals("0.00", stored(ref, "zero"));
        }

        @Test
        void numberIncrementPastTheNumberLengthIsRefused() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "n", new BigDecimal("1e999"));

            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> update(ref, ParameterUpdate.Increment.number("n", new BigDecimal("0.5"))));
            assertEquals("NUMBER_TOO_LONG", error.code());
            assertEquals(1, version(ref));
        }

        @Test
        void mergeSetsFieldsDeeplyKeepingTheirOrder() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "order", json("{\"id\":7,\"status\":\"new\",\"delivery\":{\"driver\":\"ann\",\"eta\":5},"
                    + "\"x\":1}"));

            UpdateResult result = update(ref,
                    merge("order", "", "{\"status\":\"out\",\"delivery\":{\"eta\":3,\"van\":\"v2\"},\"x\":{\"y\":1}}"));

            assertEquals("{\"id\":7,\"status\":\"out\",\"delivery\":{\"driver\":\"ann\",\"eta\":3,\"van\":\"v2\"},"
                    + "\"x\":{\"y\":1}}", stored(ref, "order"));
            assertEquals(store.get(ref, List.of("order")), result.values());
        }

        @Test
        void mergeAtAPathCreatesWhatIsAbsent() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());

            update(ref, merge("order", "delivery.driver", "{\"name\":\"ann\"}"));
            update(ref, merge("order", "delivery", "{\"eta\":4}"), merge("order", "delivery.driver", "{\"van\":2}"));

            assertEquals("{\"delivery\":{\"driver\":{\"name\":\"ann\",\"van\":2},\"eta\":4}}", stored(ref, "order"));
        }

        @Test
        void mergeThroughSomethingThatIsNotAnObjectIsRefusedNamingThePath() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "order", json("{\"delivery\":{\"driver\":\"ann\"}}"), "list", json("[]"));

            assertWrongType(ref, "order", "delivery.driver", "OBJECT", "STRING",
                    merge("order", "delivery.driver.van", "{\"n\":1}"));
            assertWrongType(ref, "list", "", "OBJECT", "ARRAY", merge("list", "", "{\"n\":1}"));
            assertWrongType(ref, "order", "delivery.driver", "OBJECT", "STRING",
                    unset("order", "delivery.driver.van"));
        }

        @Test
        void unsetRemovesAPathAndNothingElse() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            put(ref, "order", json("{\"a\":1,\"delivery\":{\"driver\":\"ann\",\"eta\":5},\"z\":0}"));

            UpdateResult result = update(ref, unset("order", "delivery.driver"), unset("order", "z"));
            assertEquals("{\"a\":1,\"delivery\":{\"eta\":5}}", stored(ref, "order"));
            assertEquals(2, result.version());

            UpdateResult none = update(ref, unset("order", "delivery.van"), unset("order", "b.c"),
                    unset("absent", "x"));
            assertEquals(2, none.version(), "nothing was there to remove");
            assertEquals(Set.of("order"), none.values().keySet());
        }

        @Test
        void severalOperationsApplyInOrderWithOneVersionBump() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());

            UpdateResult result = update(ref, append("items", "\"a\"", "\"b\""), ParameterUpdate.Increment.integer(
                    "count", 2), remove("items", "\"a\""), append("items", "\"c\""), merge("meta", "", "{\"n\":1}"),
                    ParameterUpdate.Increment.integer("count", 1));

            assertEquals(1, result.version());
            assertEquals(List.of("items", "count", "meta"), List.copyOf(result.values().keySet()));
            assertEquals(json("[\"b\",\"c\"]"), result.values().get("items"));
            assertEquals(json("3"), result.values().get("count"));
            assertEquals(store.get(ref, null), result.values());
        }

        @Test
        void expectedVersionIsCompareAndSet() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            update(ref, append("items", "1"));

            ConflictException stale = assertThrows(ConflictException.class,
                    () -> store.update(ref, List.of(append("items", "2")), 0L));
            assertEquals("VERSION_CONFLICT", stale.code());
            assertEquals(1L, ((Number) stale.details().get("actual")).longValue());
            assertEquals("[1]", stored(ref, "items"));

            assertEquals(2, store.update(ref, List.of(append("items", "2")), 1L).version());
            assertEquals("[1,2]", stored(ref, "items"));
        }

        @Test
        void aValueThatWouldGrowPastTheLimitIsRefusedAndNothingChanges() {
            HostSessionStore small = open(new SessionLimits(1_000, 20, 1024 * 1024));
            SessionRef.Token ref = tokenRef(small.start(APP, SessionSpec.unbounded()));
            small.update(ref, List.of(append("items", "\"abcdef\"", "\"ghijk\"")), null); // 18 bytes

            PayloadTooLargeException error = assertThrows(PayloadTooLargeException.class, () -> small.update(ref,
                    List.of(ParameterUpdate.Increment.integer("n", 1), append("items", "12")), null));
            assertEquals("VALUE_TOO_LARGE", error.code());
            assertEquals("items", error.details().get("parameter"));
            assertEquals(21L, ((Number) error.details().get("bytes")).longValue());
            assertEquals(20L, ((Number) error.details().get("limit")).longValue());
            assertEquals(values("items", json("[\"abcdef\",\"ghijk\"]")), small.get(ref, null));
            assertEquals(1, small.info(ref).orElseThrow().version());
            assertEquals(small.info(ref).orElseThrow().bytes(), small.bytesUsed());
        }

        @Test
        void aNewParameterPastTheSessionLimitIsRefused() {
            HostSessionStore small = open(new SessionLimits(1, 1024, 1024 * 1024));
            SessionRef.Token ref = tokenRef(small.start(APP, SessionSpec.unbounded()));
            small.update(ref, List.of(append("a", "1")), null);

            InsufficientStorageException error = assertThrows(InsufficientStorageException.class,
                    () -> small.update(ref, List.of(append("a", "2"), append("b", "1")), null));
            assertEquals("SESSION_FULL", error.code());
            assertEquals(values("a", json("[1]")), small.get(ref, null));
            assertEquals(2, small.update(ref, List.of(append("a", "2")), null).version());
        }

        @Test
        void bytesAreCountedAsForPutAndSecretMarksStay() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            store.put(ref, values("items", json("[1]")), new PutOptions(false, null, Set.of("items")));

            update(ref, append("items", "\"two\""), ParameterUpdate.Increment.integer("n", 10));

            SessionInfo info = store.info(ref).orElseThrow();
            assertEquals("items".length() + "[1,\"two\"]".length() + "n".length() + "10".length(), info.bytes());
            assertEquals(info.bytes(), store.bytesUsed());
            assertEquals(Set.of("items"), store.read(ref, null).secretNames());
        }

        @Test
        void everyScopeIsUpdatedAndLocalAndGlobalSessionsAreCreated() {
            for (SessionRef ref : List.of(local(), global(BOB), startToken(SessionSpec.unbounded()))) {
                assertEquals(json("[1]"), update(ref, append("a", "1")).values().get("a"));
                assertEquals("[1]", stored(ref, "a"));
            }
            SessionInfo shared = store.start(APP, named("board"));
            update(new SessionRef.Shared(APP, "board"), ParameterUpdate.Increment.integer("n", 1));
            assertEquals("1", stored(tokenRef(shared), "n"));
        }

        @Test
        void theIdentityOfAGlobalSessionCannotBeUpdated() {
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> update(global(ALICE), append("username", "\"x\"")));
            assertEquals("RESERVED_PARAMETER", error.code());
        }

        @Test
        void aMissingTokenSessionIsNotFound() {
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            store.end(ref);

            assertSessionNotFound(Scope.TOKEN, () -> update(ref, append("a", "1")));
        }

        @Test
        void anUpdateRenewsASessionThatExtendsOnSet() {
            SessionRef.Token ref = startToken(idle(Duration.ofMinutes(10), false, true));
            advance(Duration.ofMinutes(9));

            update(ref, append("a", "1"));
            advance(Duration.ofMinutes(9));

            assertEquals("[1]", stored(ref, "a"));
        }

        @Test
        void noUpdatesIsRefused() {
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> store.update(local(), List.of(), null));
            assertEquals("NO_PARAMETERS", error.code());
        }

        @Test
        void concurrentAppendersLoseNothingAndKeepTheirOrder() throws InterruptedException {
            int appends = 200;
            SessionRef.Token ref = startToken(SessionSpec.unbounded());
            concurrently(thread -> {
                for (int i = 0; i < appends; i++) {
                    store.update(ref, List.of(append("basket", "\"" + thread + ":" + i + "\""),
                            ParameterUpdate.Increment.integer("count", 1)), null);
                }
            });

            JsonNode basket = store.get(ref, List.of("basket")).get("basket");
            assertEquals(THREADS * appends, basket.size());
            int[] next = new int[THREADS];
            for (JsonNode item : basket) {
                String[] parts = item.textValue().split(":");
                int thread = Integer.parseInt(parts[0]);
                assertEquals(next[thread]++, Integer.parseInt(parts[1]), "thread " + thread + "'s items in order");
            }
            assertEquals(THREADS * appends, store.get(ref, List.of("count")).get("count").intValue());
            assertEquals(THREADS * appends, version(ref));
            assertEquals(store.info(ref).orElseThrow().bytes(), store.bytesUsed());
        }
    }

    /**
     * What {@code /metrics} counts: the observer is told of every session started and ended with its scope (a GLOBAL
     * session once, when its user's first use creates it; a SHARED one ended by an administrator as SHARED), and the
     * store's usage counts expirations by scope.
     */
    @Nested
    class Counting {
        private final Map<Scope, Integer> started = new java.util.EnumMap<>(Scope.class);
        private final Map<Scope, Integer> ended = new java.util.EnumMap<>(Scope.class);

        @BeforeEach
        void observe() {
            store.observe(new dev.sessionkit.store.StoreObserver() {
                @Override
                public void operation(String operation, long nanos, String outcome) {
                }

                @Override
                public void started(Scope scope) {
                    started.merge(scope, 1, Integer::sum);
                }

                @Override
                public void ended(Scope scope, int count) {
                    ended.merge(scope, count, Integer::sum);
                }
            });
        }

        @Test
        void everyStartIsToldWithItsScopeAGlobalSessionOnItsFirstUseOnly() {
            put(global(ALICE), "cart", 1);
            put(global(ALICE), "cart", 2);
            assertEquals(values("cart", 2), store.get(global(ALICE), List.of("cart")));
            store.get(global(BOB), null);
            startToken(ttl(Duration.ofMinutes(5)));
            store.start(APP, named("settings"));

            assertEquals(Map.of(Scope.GLOBAL, 2, Scope.TOKEN, 1, Scope.SHARED, 1), started);
        }

        @Test
        void aFirstWriteRefusedInsideTheStoreCreatesNothingAndIsNotCounted() {
            // A version check fails after the absent session would have been created, inside the store's write.
            assertThrows(ConflictException.class, () -> store.put(global(ALICE), values("a", 1),
                    new PutOptions(false, 5L, Set.of())));
            assertThrows(ConflictException.class, () -> store.put(local(), values("a", 1),
                    new PutOptions(false, 5L, Set.of())));

            assertFalse(store.exists(global(ALICE)));
            assertEquals(Map.of(), started);
        }

        @Test
        void aLocalSessionIsToldOnceWhenItsExecutionFirstUsesIt() {
            SessionRef.Local mine = local();
            store.get(mine, null);
            put(mine, "a", 1);
            put(local(), "b", 2);

            assertEquals(Map.of(Scope.LOCAL, 2), started);
        }

        @Test
        void aSharedSessionEndedThroughItsTokenIsToldAsShared() {
            SessionInfo shared = store.start(APP, named("settings"));
            SessionRef.Token token = startToken(ttl(Duration.ofMinutes(5)));

            assertTrue(store.end(new SessionRef.Token(APP, shared.token())));
            assertTrue(store.end(token));
            assertFalse(store.end(token));

            assertEquals(Map.of(Scope.SHARED, 1, Scope.TOKEN, 1), ended);
        }

        @Test
        void endingAnAppsOrAUsersSessionsIsToldByScope() {
            store.start(APP, named("settings"));
            startToken(ttl(Duration.ofMinutes(5)));
            startToken(ttl(Duration.ofMinutes(5)));
            put(global(ALICE), "cart", 1);
            put(global(BOB), "cart", 2);
            put(global(OTHER_APP, BOB), "cart", 3);
            put(new SessionRef.Local(APP, "execution-1"), "step", 1);

            assertEquals(2, store.endUserSessions(BOB.id()));
            assertEquals(Map.of(Scope.GLOBAL, 2), ended);
            assertEquals(5, store.endAppSessions(APP));

            assertEquals(Map.of(Scope.GLOBAL, 3, Scope.TOKEN, 2, Scope.SHARED, 1, Scope.LOCAL, 1), ended);
        }

        @Test
        void anAdministratorsEndIsToldWithTheSessionsScope() {
            SessionInfo shared = store.start(APP, named("settings"));
            SessionInfo token = store.start(APP, ttl(Duration.ofMinutes(5)));
            put(global(ALICE), "cart", 3);
            String aliceId = store.info(global(ALICE)).orElseThrow().sessionId();

            assertTrue(store.endById(APP, shared.sessionId()));
            assertTrue(store.endById(APP, token.sessionId()));
            assertTrue(store.endById(APP, aliceId));
            assertFalse(store.endById(APP, aliceId));

            assertEquals(Map.of(Scope.GLOBAL, 1, Scope.TOKEN, 1, Scope.SHARED, 1), ended);
        }

        @Test
        void expirationsAreCountedByScope() {
            startToken(ttl(Duration.ofMinutes(1)));
            startToken(ttl(Duration.ofMinutes(1)));
            store.start(APP, new SessionSpec("settings", Duration.ofMinutes(1), null, false, false,
                    OnExpiry.END_SESSION));
            SessionRef.Token kept = startToken(new SessionSpec(null, Duration.ofMinutes(1), null, false, false,
                    OnExpiry.DELETE_DATA));
            put(kept, "a", 1);
            put(global(ALICE), "cart", 3);
            assertEquals(0, store.usage().expirations());

            advance(GLOBAL_IDLE);
            store.cleanUp();

            var usage = store.usage();
            assertEquals(1, usage.expirations(Scope.GLOBAL));
            assertEquals(3, usage.expirations(Scope.TOKEN), "two ended, one's data deleted");
            assertEquals(1, usage.expirations(Scope.SHARED));
            assertEquals(0, usage.expirations(Scope.LOCAL));
            assertEquals(5, usage.expirations());
            assertEquals(Map.of(), ended, "expiry is not an end by a caller");
        }

        @Test
        void deletedDataIsCountedWhenAWriteReachesItBeforeTheCleanUp() {
            SessionRef.Token kept = startToken(new SessionSpec(null, Duration.ofMinutes(1), null, false, false,
                    OnExpiry.DELETE_DATA));
            put(kept, "a", 1);
            advance(Duration.ofMinutes(1));

            put(kept, "b", 2);
            store.cleanUp();

            assertEquals(1, store.usage().expirations(Scope.TOKEN));
            assertEquals(values("b", 2), store.get(kept, null));
        }
    }
}

package dev.sessionkit.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.UserIdentity;
import dev.sessionkit.api.error.ConflictException;
import dev.sessionkit.api.error.NotFoundException;
import dev.sessionkit.api.session.ParameterUpdate;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.PutResult;
import dev.sessionkit.api.session.SessionInfo;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionSpec;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.HostSessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a backend that several hosts share, as tests: two {@link HostSessionStore}s over ONE backend (two
 * hosts over one Redis and namespace) behave as one store. Every shared backend's test extends this class as well as
 * running {@link SessionStoreContract}. Time is one {@link ManualClock} for both hosts; no test sleeps.
 */
public abstract class SharedBackendContract {
    private static final String APP = "shop";
    private static final UserIdentity ALICE = new UserIdentity("u-alice", "alice", "user");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final int THREADS_PER_HOST = 4;
    private static final int WRITES = 100;

    /** The clock of both hosts. */
    protected ManualClock clock;
    /** Host A's store. */
    protected HostSessionStore hostA;
    /** Host B's store, over the same backend as A's. */
    protected HostSessionStore hostB;

    /**
     * Creates two stores over one new, empty backend: each is what one host holds.
     *
     * @param clock  the clock both must read time from
     * @param limits the limits both enforce
     * @return the two stores; the suite closes them
     */
    protected abstract List<HostSessionStore> newPeers(ManualClock clock, SessionLimits limits);

    @BeforeEach
    void openPeers() {
        clock = new ManualClock();
        List<HostSessionStore> peers = newPeers(clock, SessionLimits.DEFAULTS);
        hostA = peers.get(0);
        hostB = peers.get(1);
    }

    @AfterEach
    void closePeers() {
        hostA.close();
        hostB.close();
    }

    @Test
    void anonymousSessionsAreCountedOnceForEveryHost() {
        SessionInfo started = hostA.startAnonymous(APP, SessionSpec.unbounded());
        SessionRef.Token ref = new SessionRef.Token(APP, started.token());
        hostB.put(ref, Map.of("cart", IntNode.valueOf(3)), PutOptions.DEFAULT);

        assertEquals(1, hostB.usage().anonymousCount());
        assertEquals("cart".length() + 1, hostA.usage().anonymousBytes());
        assertEquals(Duration.ofMinutes(30), hostB.info(ref).orElseThrow().spec().idleTimeout());
        assertTrue(hostB.end(ref));
        assertEquals(0, hostA.usage().anonymousCount());
        assertEquals(0, hostA.usage().anonymousBytes());
    }

    @Test
    void whatOneHostWritesTheOtherReads() {
        SessionRef.Global alice = new SessionRef.Global(APP, ALICE, IDLE);
        hostA.put(alice, Map.of("cart", IntNode.valueOf(3)), PutOptions.DEFAULT);
        assertEquals(IntNode.valueOf(3), hostB.get(alice, List.of("cart")).get("cart"));

        SessionInfo started = hostB.start(APP, SessionSpec.unbounded());
        SessionRef.Token token = new SessionRef.Token(APP, started.token());
        hostA.put(token, Map.of("step", IntNode.valueOf(1)), PutOptions.DEFAULT);
        assertEquals(1, hostB.info(token).orElseThrow().version());
        assertTrue(hostB.end(token));
        assertThrows(NotFoundException.class, () -> hostA.get(token, null));
        assertEquals(1, hostA.list(APP).size(), "the GLOBAL session, listed by either host");
        assertEquals(1, hostB.endUserSessions(ALICE.id()));
        assertFalse(hostA.exists(alice));
    }

    @Test
    void aSharedNameIsUniqueAcrossHostsAndFreedByEither() {
        SessionInfo settings = hostA.start(APP, new SessionSpec("settings", null, null, false, false, null));
        ConflictException taken = assertThrows(ConflictException.class,
                () -> hostB.start(APP, new SessionSpec("settings", null, null, false, false, null)));
        assertEquals("SESSION_NAME_TAKEN", taken.code());
        assertEquals(settings.token(), hostB.openShared(APP, "settings").token());
        assertTrue(hostB.end(new SessionRef.Shared(APP, "settings")));
        hostA.start(APP, new SessionSpec("settings", null, null, false, false, null));
    }

    @Test
    void threadsOnBothHostsWritingOneSessionLoseNothingAndVersionsStrictlyIncrease() throws InterruptedException {
        SessionRef.Token basket = new SessionRef.Token(APP, hostA.start(APP, SessionSpec.unbounded()).token());
        List<Long> versions = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, List<Long>> perThread = new ConcurrentHashMap<>();
        concurrently((thread, store) -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                PutResult result = store.put(basket, Map.of("t" + thread + "-" + i, IntNode.valueOf(i)),
                        PutOptions.DEFAULT);
                mine.add(result.version());
            }
            versions.addAll(mine);
            perThread.put(thread, mine);
        });

        int total = 2 * THREADS_PER_HOST * WRITES;
        assertEquals(total, hostB.get(basket, null).size(), "every write of both hosts is there");
        assertEquals(total, hostA.info(basket).orElseThrow().version());
        assertEquals(total, Set.copyOf(versions).size(), "no two writes got the same version");
        for (List<Long> mine : perThread.values()) {
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i) > mine.get(i - 1), "a thread saw its versions go back");
            }
        }
    }

    @Test
    void appendsFromBothHostsToOneListLoseNothingAndKeepEachWritersOrder() throws InterruptedException {
        SessionRef.Token basket = new SessionRef.Token(APP, hostA.start(APP, SessionSpec.unbounded()).token());
        concurrently((thread, store) -> {
            for (int i = 0; i < WRITES; i++) {
                store.update(basket, List.of(new ParameterUpdate.Append("items",
                        List.of(TextNode.valueOf(thread + ":" + i))), ParameterUpdate.Increment.integer("count", 1)),
                        null);
            }
        });

        int total = 2 * THREADS_PER_HOST * WRITES;
        JsonNode items = hostB.get(basket, List.of("items")).get("items");
        assertEquals(total, items.size(), "every append of both hosts is there");
        int[] next = new int[2 * THREADS_PER_HOST];
        for (JsonNode item : items) {
            String[] parts = item.textValue().split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]), "writer " + thread + "'s items in its order");
        }
        assertEquals(total, hostA.get(basket, List.of("count")).get("count").intValue());
        assertEquals(total, hostA.info(basket).orElseThrow().version(), "one version per update");
    }

    @Test
    void compareAndSetIncrementsFromBothHostsAreNeverLost() throws InterruptedException {
        SessionRef.Global counter = new SessionRef.Global(APP, ALICE, IDLE);
        hostA.put(counter, Map.of("n", IntNode.valueOf(0)), PutOptions.DEFAULT);
        AtomicInteger conflicts = new AtomicInteger();
        concurrently((thread, store) -> {
            for (int done = 0; done < 25; ) {
                SessionInfo info = store.info(counter).orElseThrow();
                JsonNode n = store.get(counter, List.of("n")).get("n");
                try {
                    store.put(counter, Map.of("n", IntNode.valueOf(n.intValue() + 1)),
                            new PutOptions(false, info.version(), Set.of()));
                    done++;
                } catch (ConflictException e) {
                    conflicts.incrementAndGet();
                }
            }
        });
        assertEquals(2 * THREADS_PER_HOST * 25, hostB.get(counter, List.of("n")).get("n").intValue());
    }

    @Test
    void expiryIsTheSameOnBothHostsAndEitherSweeps() {
        SessionRef.Token brief = new SessionRef.Token(APP, hostA.start(APP,
                new SessionSpec(null, Duration.ofMinutes(1), null, false, false, null)).token());
        hostA.put(brief, Map.of("a", IntNode.valueOf(1)), PutOptions.DEFAULT);
        clock.advance(Duration.ofMinutes(1).minusNanos(1));
        assertTrue(hostB.exists(brief));
        clock.advance(Duration.ofNanos(1));
        assertFalse(hostB.exists(brief));
        hostB.cleanUp();
        hostA.cleanUp();
        assertEquals(0, hostA.bytesUsed());
        assertEquals(0, hostB.bytesUsed());
    }

    /** Runs a task on {@value #THREADS_PER_HOST} threads per host at once; rethrows the first failure. */
    private void concurrently(HostTask task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_HOST; t++) {
            int thread = t;
            HostSessionStore store = t % 2 == 0 ? hostA : hostB;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    task.run(thread, store);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
            assertFalse(thread.isAlive(), "a writer did not finish within a minute");
        }
        if (!failures.isEmpty()) throw new AssertionError("a writer failed", failures.get(0));
    }

    @FunctionalInterface
    private interface HostTask {
        void run(int thread, HostSessionStore store) throws Exception;
    }
}

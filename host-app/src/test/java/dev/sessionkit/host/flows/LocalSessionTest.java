package dev.sessionkit.host.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.SessionRef;
import dev.sessionkit.api.session.SessionStore;
import dev.sessionkit.api.testkit.ManualClock;
import dev.sessionkit.store.HostSessionStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalSessionTest {
    private final HostSessionStore store = HostSessionStore.embedded(c -> {
        c.clock = new ManualClock();
        c.promptExpiry = false;
    });
    private final AtomicInteger forks = new AtomicInteger();
    private final SessionRef.Local root = new SessionRef.Local("app", "exec");
    private final LocalSession execution = LocalSession.of(store, root, () -> "exec/" + forks.incrementAndGet());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theTopLevelProcessAlwaysUsesTheExecutionsSession() {
        assertEquals(root, execution.forStep(true), "Scoped has no effect outside sub-processes");
        assertEquals(root, execution.current());
    }

    @Test
    void aScopedSubProcessWorksOnACopyThatNeverReachesTheParent() {
        store.put(root, Map.of("a", IntNode.valueOf(1)), new PutOptions(false, null, Set.of("a")));
        LocalSession scoped = execution.subProcess(true);
        SessionRef.Local copy = scoped.forStep(false);
        assertNotEquals(root, copy);
        assertEquals(IntNode.valueOf(1), store.get(copy, null).get("a"), "the copy starts with the parent's data");
        assertEquals(Set.of("a"), store.info(copy).orElseThrow().secretNames(), "secret marks are copied");
        store.put(copy, Map.of("b", IntNode.valueOf(2)), PutOptions.DEFAULT);
        assertEquals(Set.of("a"), store.get(root, null).keySet());
        assertEquals(copy, scoped.current(), "its own sub-processes start from the copy");
        scoped.end();
        assertTrue(store.info(copy).isEmpty(), "the copy ends with the sub-process");
    }

    @Test
    void anUnscopedSubProcessSharesTheParentsSessionUnlessAStepAsks() {
        LocalSession shared = execution.subProcess(false);
        assertEquals(root, shared.forStep(false));
        SessionRef.Local copy = shared.forStep(true);
        assertNotEquals(root, copy);
        assertEquals(copy, shared.forStep(true), "one copy per sub-process");
        assertEquals(root, shared.current());
        shared.end();
    }

    @Test
    void manyThreadsTouchingOneScopedSubProcessGetOneCopy() throws Exception {
        store.put(root, Map.of("seed", TextNode.valueOf("x")), PutOptions.DEFAULT);
        LocalSession scoped = execution.subProcess(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SessionRef.Local>> refs = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                refs.add(pool.submit(() -> {
                    go.await();
                    SessionRef.Local ref = scoped.forStep(false);
                    for (int i = 0; i < 50; i++) {
                        store.put(ref, Map.of("t" + thread + "-" + i, IntNode.valueOf(i)), PutOptions.DEFAULT);
                    }
                    return ref;
                }));
            }
            go.countDown();
            Set<SessionRef.Local> distinct = new HashSet<>();
            for (Future<SessionRef.Local> ref : refs) distinct.add(ref.get(30, TimeUnit.SECONDS));
            assertEquals(1, distinct.size());
            Map<String, JsonNode> data = store.get(distinct.iterator().next(), null);
            assertEquals(8 * 50 + 1, data.size(), "no write lost, the seed copied once");
            assertEquals(1, store.get(root, null).size());
        } finally {
            pool.shutdownNow();
        }
    }
}

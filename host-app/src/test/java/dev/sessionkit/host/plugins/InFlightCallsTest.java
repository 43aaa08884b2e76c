package dev.sessionkit.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The host waits for a plugin's running calls before it unloads the plugin, and never misses the last one ending. */
class InFlightCallsTest {
    private static final ObjectNode INPUTS = JsonNodeFactory.instance.objectNode();

    @Test
    void awaitIdleWaitsForTheRunningCallsAndWakesWhenTheLastEnds() throws Exception {
        InFlightCalls calls = new InFlightCalls();
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        PluginMethod blocking = calls.count(method(() -> {
            entered.countDown();
            await(release);
        }), failed -> { });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            pool.submit(() -> blocking.invoke(null, INPUTS));
            pool.submit(() -> blocking.invoke(null, INPUTS));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertEquals(2, calls.running());
            assertFalse(calls.awaitIdle(Duration.ofMillis(50)), "two calls still run: not idle at the timeout");

            // The waiter's own timeout is far longer than the test waits for it: only the wake-up can end it in time.
            Future<Boolean> waiter = pool.submit(() -> calls.awaitIdle(Duration.ofMinutes(5)));
            awaitWaiters(calls, 1, List.of(waiter));
            release.countDown();
            assertTrue(waiter.get(10, TimeUnit.SECONDS), "the waiter is woken when the last call ends");
            assertEquals(0, calls.running());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idlePluginAnswersAtOnceAndAFailingCallIsUncounted() {
        InFlightCalls calls = new InFlightCalls();
        PluginMethod failing = calls.count(method(() -> {
            throw new IllegalStateException("plugin failure");
        }), failed -> { });
        try {
            failing.invoke(null, INPUTS);
        } catch (IllegalStateException expected) {
            // the failure reaches the caller; the count must not keep it
        }
        assertEquals(0, calls.running());
        assertTrue(calls.awaitIdle(Duration.ZERO));
    }

    /**
     * Many threads make short calls while waiters come and go: every waiter returns true once the callers stop, so no
     * wake-up is lost between a call ending and a waiter starting to wait.
     */
    @Test
    void noWakeUpIsLostWhenCallsAndWaitersRace() throws Exception {
        InFlightCalls calls = new InFlightCalls();
        PluginMethod quick = calls.count(method(Thread::onSpinWait), failed -> { });
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers + 4);
        try {
            for (int round = 0; round < 50; round++) {
                AtomicBoolean stop = new AtomicBoolean();
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    running.add(pool.submit(() -> {
                        while (!stop.get()) quick.invoke(null, INPUTS);
                    }));
                }
                List<Future<Boolean>> waiters = new ArrayList<>();
                for (int i = 0; i < 4; i++) waiters.add(pool.submit(() -> calls.awaitIdle(Duration.ofMinutes(5))));
                awaitWaiters(calls, waiters.size(), waiters);
                stop.set(true);
                for (Future<?> caller : running) caller.get(30, TimeUnit.SECONDS);
                for (Future<Boolean> waiter : waiters) {
                    assertTrue(waiter.get(10, TimeUnit.SECONDS), "round " + round + ": a waiter saw the calls end");
                }
                assertEquals(0, calls.running());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns once {@code count} threads wait in awaitIdle, or the waiters that have not are already done. */
    private static void awaitWaiters(InFlightCalls calls, int count, List<Future<Boolean>> waiters) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.waiting() + waiters.stream().filter(Future::isDone).count() < count) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("the waiters did not start waiting");
            Thread.onSpinWait();
        }
    }

    private static PluginMethod method(Runnable body) {
        return new PluginMethod() {
            @Override
            public MethodDescriptor descriptor() {
                return MethodDescriptor.builder("test.in-flight").name("In flight").build();
            }

            @Override
            public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
                body.run();
                return MethodResult.of(JsonNodeFactory.instance.objectNode());
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never released the call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.sessionkit.host.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.ExecutionContext;
import dev.sessionkit.api.MethodResult;
import dev.sessionkit.api.PluginMethod;
import dev.sessionkit.api.descriptor.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls running in one loaded plugin, so that the host can let them finish before it unloads the plugin (on
 * uninstall and update): the plugin's methods leave the registry first, so no new call starts, then
 * {@link #awaitIdle} waits for those in flight. Without it, a call still running would lose its class loader midway.
 *
 * <p>Thread-safe.
 */
final class InFlightCalls {
    private final AtomicInteger running = new AtomicInteger();
    /**
     * How many threads are in {@link #awaitIdle}. A call that leaves the plugin idle signals only when one waits:
     * taking the lock after every call made the flows' method calls contend on it (and wake each other) for nothing.
     * No signal is lost: a waiter counts itself before it reads {@code running}, a call lowers {@code running} before
     * it reads the count (both volatile), so either the call sees the waiter or the waiter sees the lower count.
     */
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    /**
     * @param method a method of the plugin
     * @param calls  counts its finished calls for metrics
     * @return the method, counted while it runs (the same descriptor; {@code invoke} delegates)
     */
    PluginMethod count(PluginMethod method, MethodCallCounters.Counter calls) {
        return new PluginMethod() {
            @Override
            public MethodDescriptor descriptor() {
                return method.descriptor();
            }

            @Override
            public MethodResult invoke(ExecutionContext context, ObjectNode inputs) {
                running.incrementAndGet();
                boolean failed = true;
                try {
                    MethodResult result = method.invoke(context, inputs);
                    failed = false;
                    return result;
                } finally {
                    calls.called(failed);
                    if (running.decrementAndGet() == 0 && waiting.get() > 0) {
                        signalIdle();
                    }
                }
            }
        };
    }

    /**
     * Waits until no call runs, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return true when idle, false when calls were still running at the timeout
     */
    boolean awaitIdle(Duration timeout) {
        long remaining = timeout.toNanos();
        waiting.incrementAndGet();
        lock.lock();
        try {
            while (running.get() > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return running.get() == 0;
        } finally {
            lock.unlock();
            waiting.decrementAndGet();
        }
    }

    /** @return how many threads wait in {@link #awaitIdle} now */
    int waiting() {
        return waiting.get();
    }

    /** @return how many calls are running */
    int running() {
        return running.get();
    }

    private void signalIdle() {
        lock.lock();
        try {
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

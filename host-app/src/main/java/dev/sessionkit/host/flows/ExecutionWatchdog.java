package dev.sessionkit.host.flows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces flow timeouts without moving executions to other threads: an execution runs on the request's thread,
 * registered here with its deadline; one daemon thread checks the registered executions every
 * {@code checkEveryMillis} and interrupts the thread of each one past its deadline, so a method blocked in I/O or a
 * wait stops and the execution can answer {@code 504 FLOW_TIMEOUT} (the deadline is also checked before each step).
 *
 * <p>An interrupt never outlives its execution: {@link Guard#close()} and the interrupt are serialized, and close
 * clears the interrupt it caused, so the request thread goes back to the server clean.
 *
 * <p>Thread-safe; {@link #close()} stops the checking thread.
 */
final class ExecutionWatchdog implements AutoCloseable {
    private final Set<Guard> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checker;

    /** @param checkEveryMillis how often deadlines are checked (the timeout's resolution) */
    ExecutionWatchdog(long checkEveryMillis) {
        checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "flow-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, checkEveryMillis, checkEveryMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the calling thread until the guard is closed.
     *
     * @param deadlineNanos the deadline, on the {@link System#nanoTime()} scale
     * @return the guard to close when the execution ends
     */
    Guard watch(long deadlineNanos) {
        Guard guard = new Guard(Thread.currentThread(), deadlineNanos);
        running.add(guard);
        return guard;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }

    private void check() {
        long now = System.nanoTime();
        for (Guard guard : running) {
            if (now - guard.deadlineNanos > 0) guard.fire();
        }
    }

    /** One watched execution. */
    final class Guard implements AutoCloseable {
        private final Thread thread;
        private final long deadlineNanos;
        private boolean fired;
        private boolean closed;

        private Guard(Thread thread, long deadlineNanos) {
            this.thread = thread;
            this.deadlineNanos = deadlineNanos;
        }

        private synchronized void fire() {
            if (!closed && !fired) {
                fired = true;
                thread.interrupt();
            }
        }

        /** @return whether the execution's thread was interrupted for being past its deadline */
        synchronized boolean fired() {
            return fired;
        }

        /** Stops watching; clears the interrupt this guard caused. Call on the watched thread. */
        @Override
        public void close() {
            running.remove(this);
            synchronized (this) {
                closed = true;
                if (fired) Thread.interrupted();
            }
        }
    }
}

package dev.sessionkit.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs the store's clean-up at a fixed delay, so expired DELETE_DATA data and stale SHARED names
 * are dropped promptly (Caffeine's scheduler handles expired sessions by itself). A failing run is logged and the
 * next one still happens. Thread-safe; {@link #close()} stops the thread.
 */
final class ExpirySweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final ScheduledExecutorService executor;

    /**
     * @param sweep    the clean-up
     * @param interval the delay between two runs
     */
    ExpirySweeper(Runnable sweep, Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sessionkit-session-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> runSafely(sweep), millis, millis, TimeUnit.MILLISECONDS);
    }

    private static void runSafely(Runnable sweep) {
        try {
            sweep.run();
        } catch (RuntimeException e) {
            LOG.error("Session clean-up failed; it runs again at the next interval", e);
        }
    }

    /** Stops the thread, waiting a few seconds for a run in progress. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Session clean-up thread did not stop within {} s", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

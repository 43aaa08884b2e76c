package dev.sessionkit.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes the whole store holds, against {@code maxTotalBytes}. Growth is reserved with a compare-and-set before
 * the write is published, so the limit holds under any concurrency; shrinking never fails. The invariant kept by the
 * store: the total equals the sum of {@link SessionRecord#bytes()} over the records physically held (in the cache
and in {@link LocalSessions}), expired ones included until they are removed.
 * Thread-safe.
 */
final class ByteBudget {
    private static final Logger LOG = LoggerFactory.getLogger(ByteBudget.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /** @param limit the most bytes the store may hold */
    ByteBudget(long limit) {
        this.limit = limit;
    }

    /** @return the bytes held now */
    long used() {
        return used.get();
    }

    /**
     * Applies a change of the bytes held. Growth is refused, changing nothing, when it would exceed the limit.
     *
     * @param delta bytes added (positive) or released (negative)
     * @throws dev.sessionkit.api.error.InsufficientStorageException code {@code STORE_FULL}
     */
    void adjust(long delta) {
        if (delta <= 0) {
            if (delta < 0) used.addAndGet(delta);
            return;
        }
        long current;
        do {
            current = used.get();
            if (current + delta > limit) {
                warnFull(current);
                throw StoreErrors.storeFull(limit, current, delta);
            }
        } while (!used.compareAndSet(current, current + delta));
    }

    /** @param bytes bytes of a record that left the cache */
    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** One warning a minute at most, so a full store under load does not flood the log. */
    private void warnFull(long current) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Session store full: {} of {} bytes held; writes that need more are refused with STORE_FULL",
                    current, limit);
        }
    }
}

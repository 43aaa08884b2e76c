package dev.sessionkit.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes held in this JVM against {@code maxTotalBytes}. Growth is reserved with a compare-and-set before the write is
 * published, so the limit holds under any concurrency among the writers of this budget; shrinking never fails.
 *
 * <p>The embedded store and the LOCAL sessions of {@link HostSessionStore} share one budget: the invariant kept is
 * that the total equals the sum of {@link SessionRecord#bytes()} over the records physically held (in the cache and in
 * {@link LocalSessions}), expired ones included until they are removed. Over a shared backend (Redis) the budget holds
 * this host's LOCAL bytes only, and the backend's bytes, as last seen, count as {@code heldElsewhere}.
 * Thread-safe.
 */
public final class ByteBudget {
    private static final Logger LOG = LoggerFactory.getLogger(ByteBudget.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long limit;
    private final LongSupplier heldElsewhere;
    private final boolean anonymous;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /** @param limit the most bytes the store may hold */
    ByteBudget(long limit) {
        this(limit, () -> 0);
    }

    /**
     * @param limit         the most bytes the store may hold
     * @param heldElsewhere bytes counted against the same limit but not held here (read on every growth; cheap)
     */
    public ByteBudget(long limit, LongSupplier heldElsewhere) {
        this(limit, heldElsewhere, false);
    }

    private ByteBudget(long limit, LongSupplier heldElsewhere, boolean anonymous) {
        this.limit = limit;
        this.heldElsewhere = heldElsewhere;
        this.anonymous = anonymous;
    }

    /**
     * @param limit the most bytes anonymous sessions may hold together ({@link AnonymousLimits#maxBytes})
     * @return a budget of the anonymous sessions' bytes, which refuses growth with {@code ANONYMOUS_SHARE_FULL}
     */
    static ByteBudget anonymous(long limit) {
        return new ByteBudget(limit, () -> 0, true);
    }

    /** @return the bytes held in this budget now */
    public long used() {
        return used.get();
    }

    /**
     * Applies a change of the bytes held. Growth is refused, changing nothing, when it would exceed the limit.
     *
     * @param delta bytes added (positive) or released (negative)
     * @throws dev.sessionkit.api.error.InsufficientStorageException code {@code STORE_FULL}
     *                                                               ({@code ANONYMOUS_SHARE_FULL} for the budget of
     *                                                               anonymous sessions)
     */
    public void adjust(long delta) {
        if (delta <= 0) {
            if (delta < 0) used.addAndGet(delta);
            return;
        }
        long current;
        long elsewhere = heldElsewhere.getAsLong();
        do {
            current = used.get();
            if (current + elsewhere + delta > limit) {
                warnFull(current + elsewhere);
                throw anonymous ? StoreErrors.anonymousShareFull(limit, current, delta)
                        : StoreErrors.storeFull(limit, current + elsewhere, delta);
            }
        } while (!used.compareAndSet(current, current + delta));
    }

    /**
     * Counts bytes of sessions read back from disk when the store starts, even beyond the limit (stored data is never
     * dropped; writes that need more are refused until enough is released).
     *
     * @param bytes the bytes of a loaded session
     */
    void restored(long bytes) {
        used.addAndGet(bytes);
    }

    /** @param bytes bytes of a record that left the cache */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** One warning a minute at most, so a full store under load does not flood the log. */
    private void warnFull(long current) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            if (anonymous) {
                LOG.warn("Anonymous sessions hold {} of the {} bytes they may hold together; their writes that need "
                        + "more are refused with ANONYMOUS_SHARE_FULL", current, limit);
            } else {
                LOG.warn("Session store full: {} of {} bytes held; writes that need more are refused with STORE_FULL",
                        current, limit);
            }
        }
    }
}

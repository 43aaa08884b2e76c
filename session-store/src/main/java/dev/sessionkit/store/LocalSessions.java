package dev.sessionkit.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LOCAL sessions of a {@link CaffeineSessionStore}, kept in a plain concurrent map beside its Caffeine cache.
 *
 * <p>A LOCAL session lives for one execution: it is created by the execution's first access and ended by the host
 * when the execution finishes, usually within milliseconds. It does not expire by contract, so it needs none of what
 * the cache gives the other sessions (variable expiry, a timer wheel, access buffers and their maintenance), which
 * made an execution's insert and removal several times dearer than a map's. Only the safety net remains: a LOCAL
 * session neither read nor written for {@code idleNanos} is treated as absent from that instant and removed (with a
 * warning: its execution did not end it) by the next access to it or by {@link #sweep}.
 *
 * <p>Each session is a {@link Slot}: the immutable {@link SessionRecord} and the time it was last used. Changes replace
 * the slot inside the map's per-key {@code compute}, so they are atomic per session, as in the cache; reads are a
 * lock-free {@code get} that moves the slot's last-use time.
 *
 * <p>The bytes of the records are counted in the store's {@link ByteBudget}: the caller reserves them inside
 * {@link #compute}, this class releases them when it removes a session.
 *
 * <p>Thread-safe.
 */
final class LocalSessions {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSessions.class);

    private final ConcurrentHashMap<SessionKey, Slot> slots = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final ByteBudget budget;

    /**
     * @param idleNanos the safety net: how long an unused LOCAL session stays (nanoseconds, positive)
     * @param budget    the store's byte budget
     */
    LocalSessions(long idleNanos, ByteBudget budget) {
        this.idleNanos = idleNanos;
        this.budget = budget;
    }

    /**
     * A read that counts as a use.
     *
     * @param key a LOCAL key
     * @param now the current time
     * @return the live session, or null
     */
    SessionRecord get(SessionKey key, long now) {
        Slot slot = live(key, now);
        if (slot == null) return null;
        slot.lastUsed = now;
        return slot.record;
    }

    /**
     * A read that does not count as a use (views, existence checks).
     *
     * @param key a LOCAL key
     * @param now the current time
     * @return the live session, or null
     */
    SessionRecord peek(SessionKey key, long now) {
        Slot slot = live(key, now);
        return slot == null ? null : slot.record;
    }

    /**
     * Changes one session atomically, as {@link ConcurrentHashMap#compute} does: {@code change} gets the live record
     * (null when absent or past the safety net) and returns the new one, or null to remove it. A session past the
     * safety net is released once the change has returned (it is replaced); a change that throws changes nothing, so
     * such a session stays, counted, until it is swept or next accessed. A new record counts as a use.
     *
     * @param key    a LOCAL key
     * @param now    the current time
     * @param change the change; it reserves or releases the difference in bytes itself
     * @return the record now stored, or null
     */
    SessionRecord compute(SessionKey key, long now, BiFunction<SessionKey, SessionRecord, SessionRecord> change) {
        Slot slot = slots.compute(key, (k, old) -> {
            boolean stale = old != null && expired(old, now);
            SessionRecord current = old == null || stale ? null : old.record;
            SessionRecord next = change.apply(k, current);
            if (stale) release(k, old);
            if (next == null) return null;
            return next == current ? old : new Slot(next, now);
        });
        return slot == null ? null : slot.record;
    }

    /**
     * Ends a session and releases its bytes.
     *
     * @param key a LOCAL key
     * @param now the current time
     * @return the removed record, or null when none was live (one past the safety net is removed all the same)
     */
    SessionRecord remove(SessionKey key, long now) {
        SessionRecord[] removed = new SessionRecord[1];
        slots.computeIfPresent(key, (k, old) -> {
            if (expired(old, now)) {
                release(k, old);
            } else {
                budget.release(old.record.bytes());
                removed[0] = old.record;
            }
            return null;
        });
        return removed[0];
    }

    /**
     * @param key a LOCAL key
     * @return whether a session is held under it, live or past the safety net (not yet swept); a lock-free look
     */
    boolean holds(SessionKey key) {
        return slots.containsKey(key);
    }

    /** @param now the current time: removes every session past the safety net, releasing its bytes */
    void sweep(long now) {
        for (var entry : slots.entrySet()) {
            if (expired(entry.getValue(), now)) removeExpired(entry.getKey(), entry.getValue(), now);
        }
    }

    /** @return the keys of the sessions held (some may be past the safety net until swept); a live view */
    Set<SessionKey> keys() {
        return slots.keySet();
    }

    /** @return how many sessions are held (some may be past the safety net until swept) */
    int size() {
        return slots.size();
    }

    private Slot live(SessionKey key, long now) {
        Slot slot = slots.get(key);
        if (slot == null) return null;
        if (!expired(slot, now)) return slot;
        removeExpired(key, slot, now);
        return null;
    }

    private boolean expired(Slot slot, long now) {
        return now - slot.lastUsed >= idleNanos;
    }

    /**
     * Removes this slot and releases it if, under the key's lock, it is still the key's (a concurrent change may have
     * replaced it) and still past the safety net (a concurrent read may have used it since it was seen).
     */
    private void removeExpired(SessionKey key, Slot slot, long now) {
        slots.computeIfPresent(key, (k, current) -> {
            if (current != slot || !expired(current, now)) return current;
            release(k, current);
            return null;
        });
    }

    private void release(SessionKey key, Slot slot) {
        budget.release(slot.record.bytes());
        LOG.warn("LOCAL session of execution {} in app {} was unused for the LOCAL safety-net timeout and has been"
                + " removed: its execution did not end it", key.id(), key.appId());
    }

    /** One LOCAL session: its current record and when it was last read or written. */
    private static final class Slot {
        final SessionRecord record;
        volatile long lastUsed;

        Slot(SessionRecord record, long lastUsed) {
            this.record = record;
            this.lastUsed = lastUsed;
        }
    }
}

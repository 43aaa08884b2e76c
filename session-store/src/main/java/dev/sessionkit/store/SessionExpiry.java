package dev.sessionkit.store;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Caffeine's per-entry expiry, read from each {@link SessionRecord}: END_SESSION sessions (and GLOBAL) expire
 * in the cache at their deadline, reads that extend slide it without a lock, DELETE_DATA sessions never expire in the
 * cache (their data has its own deadline). Stateless.
 */
final class SessionExpiry implements Expiry<SessionKey, SessionRecord> {

    @Override
    public long expireAfterCreate(SessionKey key, SessionRecord record, long currentTime) {
        return record.lifetimeAfterCreate(currentTime);
    }

    @Override
    public long expireAfterUpdate(SessionKey key, SessionRecord record, long currentTime, long currentDuration) {
        return record.lifetimeAfterUpdate(currentTime, currentDuration);
    }

    @Override
    public long expireAfterRead(SessionKey key, SessionRecord record, long currentTime, long currentDuration) {
        return record.lifetimeAfterRead(currentTime, currentDuration);
    }
}

package dev.sessionkit.store;

/**
 * What a session store holds, for {@code /metrics}: one consistent reading. Immutable.
 *
 * @param bytes         bytes held, as counted against the store's byte limit
 * @param globalCount   live GLOBAL sessions (of every host, for a shared store)
 * @param tokenCount    live TOKEN sessions
 * @param sharedCount   live SHARED sessions
 * @param expirations   sessions ended by expiry plus DELETE_DATA data deleted by expiry, since the store began
 *                      (for a shared store: since its namespace was created)
 * @param anonymousBytes bytes held by anonymous sessions (started without a signed-in user), counted against their
 *                      share ({@link AnonymousLimits})
 * @param anonymousCount live anonymous sessions (among the TOKEN and SHARED ones)
 */
public record StoreUsage(long bytes, long globalCount, long tokenCount, long sharedCount, long expirations,
                         long anonymousBytes, long anonymousCount) {
}

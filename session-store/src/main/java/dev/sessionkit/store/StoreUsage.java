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
 */
public record StoreUsage(long bytes, long globalCount, long tokenCount, long sharedCount, long expirations) {
}

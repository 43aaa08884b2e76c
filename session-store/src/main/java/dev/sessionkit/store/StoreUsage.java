package dev.sessionkit.store;

import dev.sessionkit.api.session.Scope;

/**
 * What a session store holds, for {@code /metrics}: one consistent reading. Immutable.
 *
 * <p>The expirations are counted by the store, since it began (for a shared store: by whichever host expired them,
 * so every host reads the same totals, since its namespace was created or was first written by a build that counts
 * them by scope).
 *
 * @param bytes              bytes held, as counted against the store's byte limit
 * @param globalCount        live GLOBAL sessions (of every host, for a shared store)
 * @param tokenCount         live TOKEN sessions
 * @param sharedCount        live SHARED sessions
 * @param globalExpirations  GLOBAL sessions ended by expiry (a GLOBAL session's onExpiry is END_SESSION)
 * @param tokenExpirations   TOKEN sessions ended by expiry, plus DELETE_DATA data deleted by expiry
 * @param sharedExpirations  SHARED sessions ended by expiry, plus DELETE_DATA data deleted by expiry
 * @param anonymousBytes     bytes held by anonymous sessions (started without a signed-in user), counted against their
 *                           share ({@link AnonymousLimits})
 * @param anonymousCount     live anonymous sessions (among the TOKEN and SHARED ones)
 */
public record StoreUsage(long bytes, long globalCount, long tokenCount, long sharedCount, long globalExpirations,
                         long tokenExpirations, long sharedExpirations, long anonymousBytes, long anonymousCount) {

    /** Nothing held, nothing expired: the reading before the first one. */
    public static final StoreUsage EMPTY = new StoreUsage(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** @return the expirations of every scope */
    public long expirations() {
        return globalExpirations + tokenExpirations + sharedExpirations;
    }

    /**
     * @param scope GLOBAL, TOKEN or SHARED
     * @return the expirations of that scope; 0 for LOCAL (a LOCAL session ends with its execution, never by expiry)
     */
    public long expirations(Scope scope) {
        return switch (scope) {
            case GLOBAL -> globalExpirations;
            case TOKEN -> tokenExpirations;
            case SHARED -> sharedExpirations;
            case LOCAL -> 0;
        };
    }
}

package dev.sessionkit.api.session;

import java.time.Duration;

/**
 * How a TOKEN or SHARED session started by {@link SessionStore#start} behaves.
 *
 * @param name        null for a TOKEN session; a name (unique in the app) for a SHARED session
 * @param ttl         absolute time to live from creation (or from the last {@code touch}), null for none
 * @param idleTimeout time without activity after which it expires, null for none
 * @param extendOnGet reads restart the idle timer (sliding expiry on reads)
 * @param extendOnSet writes restart the idle timer (sliding expiry on writes)
 * @param onExpiry    what expiry does, not null
 */
public record SessionSpec(String name, Duration ttl, Duration idleTimeout, boolean extendOnGet, boolean extendOnSet,
                          OnExpiry onExpiry) {
    /** Checks the components: durations positive when given, onExpiry defaults to END_SESSION. */
    public SessionSpec {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) throw new IllegalArgumentException("ttl must be positive");
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        onExpiry = onExpiry == null ? OnExpiry.END_SESSION : onExpiry;
    }

    /** A TOKEN session that never expires by time (it ends with {@code end}). @return the spec */
    public static SessionSpec unbounded() {
        return new SessionSpec(null, null, null, false, false, OnExpiry.END_SESSION);
    }
}

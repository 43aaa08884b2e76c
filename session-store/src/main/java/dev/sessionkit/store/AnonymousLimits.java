package dev.sessionkit.store;

import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.api.session.SessionSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * What a session started without a signed-in user (an <em>anonymous</em> session, from
 * {@link HostSessionStore#startAnonymous}) may take, so that a flood of anonymous callers never blocks signed-in users.
 * The same on every host that shares a store, like {@link SessionLimits}.
 *
 * <ul>
 *   <li>{@code idleTimeout}: an anonymous session expires after at most this long without activity: a spec without an
 *       idle timeout, or with a longer one, gets this one (a shorter one is kept).</li>
 *   <li>{@code maxLifetime}: an anonymous session ends at the latest this long after it started, whatever its spec
 *       says and however often it is touched (an absolute timeout, as OWASP calls it); under
 *       {@link dev.sessionkit.api.session.OnExpiry#DELETE_DATA DELETE_DATA} too, the session itself ends then.</li>
 *   <li>{@code share}: anonymous sessions together may hold at most this fraction of
 *       {@link SessionLimits#maxTotalBytes()} ({@code ANONYMOUS_SHARE_FULL} past it) and of
 *       {@link SessionLimits#maxSessions()} ({@code TOO_MANY_ANONYMOUS_SESSIONS} past it); the rest stays free for
 *       the sessions of signed-in users. Greater than 0, at most 1.</li>
 * </ul>
 *
 * @param idleTimeout the longest idle timeout of an anonymous session, positive
 * @param maxLifetime the longest life of an anonymous session, positive
 * @param share       the fraction of the store's bytes and sessions anonymous sessions may hold together, in (0, 1]
 */
public record AnonymousLimits(Duration idleTimeout, Duration maxLifetime, double share) {
    /** 30 minutes idle at most, 24 hours of life at most, half of the store. */
    public static final AnonymousLimits DEFAULTS = new AnonymousLimits(Duration.ofMinutes(30), Duration.ofHours(24),
            0.5);

    /** Checks the components. */
    public AnonymousLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the anonymous idle timeout must be positive");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("the anonymous maximum lifetime must be positive");
        }
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the anonymous share must be greater than 0 and at most 1, was "
                    + share);
        }
    }

    /**
     * @param limits the store's limits
     * @return the bytes anonymous sessions may hold together: {@code share} of the store's bytes, at least 1
     */
    public long maxBytes(SessionLimits limits) {
        return Math.max(1, (long) Math.floor(limits.maxTotalBytes() * share));
    }

    /**
     * @param limits the store's limits
     * @return how many anonymous sessions may live at once: {@code share} of the store's sessions, at least 1
     */
    public long maxSessions(SessionLimits limits) {
        return Math.max(1, (long) Math.floor(limits.maxSessions() * share));
    }

    /**
     * @param spec what the caller asked for
     * @return the spec an anonymous session gets: the same, with an idle timeout of at most {@link #idleTimeout()}
     */
    public SessionSpec capped(SessionSpec spec) {
        Duration idle = spec.idleTimeout() == null || spec.idleTimeout().compareTo(idleTimeout) > 0
                ? idleTimeout : spec.idleTimeout();
        if (idle.equals(spec.idleTimeout())) return spec;
        return new SessionSpec(spec.name(), spec.ttl(), idle, spec.extendOnGet(), spec.extendOnSet(),
                spec.onExpiry());
    }
}

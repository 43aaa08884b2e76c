package dev.sessionkit.store;

import dev.sessionkit.api.session.OnExpiry;
import dev.sessionkit.api.session.SessionSpec;
import java.time.Duration;

/**
 * How one kind of session expires, resolved into nanoseconds: the public {@link SessionSpec} shown in views, plus
 * what the store enforces (for an anonymous session, its capped idle timeout and its maximum lifetime). Immutable;
 * one per started session, one per GLOBAL idle timeout, one for all LOCAL sessions.
 */
final class ExpiryPolicy {
    /** LOCAL sessions do not expire by contract. */
    private static final SessionSpec LOCAL_SPEC = new SessionSpec(null, null, null, false, false, OnExpiry.END_SESSION);

    private final SessionSpec spec;
    private final long idleNanos;
    private final long ttlNanos;
    private final boolean extendOnGet;
    private final boolean extendOnSet;
    private final boolean deleteData;
    private final long lifetimeNanos;
    private final boolean anonymous;

    private ExpiryPolicy(SessionSpec spec, long idleNanos, long ttlNanos, boolean extendOnGet, boolean extendOnSet,
                         long lifetimeNanos, boolean anonymous) {
        this.spec = spec;
        this.idleNanos = idleNanos;
        this.ttlNanos = ttlNanos;
        this.extendOnGet = extendOnGet;
        this.extendOnSet = extendOnSet;
        this.deleteData = spec.onExpiry() == OnExpiry.DELETE_DATA;
        this.lifetimeNanos = lifetimeNanos;
        this.anonymous = anonymous;
    }

    /** @param spec a TOKEN or SHARED session's spec @return its policy */
    static ExpiryPolicy started(SessionSpec spec) {
        return new ExpiryPolicy(spec, EpochNanos.nanos(spec.idleTimeout()), EpochNanos.nanos(spec.ttl()),
                spec.extendOnGet(), spec.extendOnSet(), EpochNanos.NEVER, false);
    }

    /**
     * @param spec   the spec an anonymous caller asked for
     * @param limits what anonymous sessions may take
     * @return the policy of an anonymous session: the spec with its idle timeout capped
     *         ({@link AnonymousLimits#capped}), ending {@link AnonymousLimits#maxLifetime()} after its start at the
     *         latest
     */
    static ExpiryPolicy anonymous(SessionSpec spec, AnonymousLimits limits) {
        SessionSpec capped = limits.capped(spec);
        return new ExpiryPolicy(capped, EpochNanos.nanos(capped.idleTimeout()), EpochNanos.nanos(capped.ttl()),
                capped.extendOnGet(), capped.extendOnSet(), EpochNanos.nanos(limits.maxLifetime()), true);
    }

    /**
     * @param spec          the spec as the session holds it (an anonymous one's already capped)
     * @param anonymous     whether it is an anonymous session
     * @param lifetimeNanos its maximum lifetime, or NEVER
     * @return the policy of a session read back from disk ({@link JournalFormat})
     */
    static ExpiryPolicy restored(SessionSpec spec, boolean anonymous, long lifetimeNanos) {
        return new ExpiryPolicy(spec, EpochNanos.nanos(spec.idleTimeout()), EpochNanos.nanos(spec.ttl()),
                spec.extendOnGet(), spec.extendOnSet(), lifetimeNanos, anonymous);
    }

    /** @param idle the app's GLOBAL idle timeout @return sliding idle expiry on reads and writes, ending the session */
    static ExpiryPolicy global(Duration idle) {
        return started(new SessionSpec(null, null, idle, true, true, OnExpiry.END_SESSION));
    }

    /**
     * @return the LOCAL policy: no expiry (the store's safety net for LOCAL sessions is kept apart, in
     *         {@link LocalSessions})
     */
    static ExpiryPolicy local() {
        return new ExpiryPolicy(LOCAL_SPEC, EpochNanos.NEVER, EpochNanos.NEVER, true, true, EpochNanos.NEVER, false);
    }

    /** @return the public spec */
    SessionSpec spec() {
        return spec;
    }

    /** @return the idle timeout in nanoseconds, or NEVER */
    long idleNanos() {
        return idleNanos;
    }

    /** @return the TTL in nanoseconds, or NEVER */
    long ttlNanos() {
        return ttlNanos;
    }

    /** @return whether reads renew */
    boolean extendOnGet() {
        return extendOnGet;
    }

    /** @return whether writes renew */
    boolean extendOnSet() {
        return extendOnSet;
    }

    /** @return whether expiry deletes the data only (DELETE_DATA) instead of ending the session */
    boolean deleteData() {
        return deleteData;
    }

    /**
     * @return how long after its start the session ends at the latest, whatever touches and DELETE_DATA (anonymous
     *         sessions), or NEVER
     */
    long lifetimeNanos() {
        return lifetimeNanos;
    }

    /** @return whether the session was started without a signed-in user (see {@link AnonymousLimits}) */
    boolean anonymous() {
        return anonymous;
    }

    /** @return whether the public spec says the session expires by time at all */
    boolean reportsExpiry() {
        return spec.ttl() != null || spec.idleTimeout() != null;
    }
}

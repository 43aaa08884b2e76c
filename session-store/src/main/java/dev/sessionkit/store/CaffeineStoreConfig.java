package dev.sessionkit.store;

import dev.sessionkit.api.session.SessionLimits;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link CaffeineSessionStore}, filled in by the consumer given to
 * {@link CaffeineSessionStore#create(java.util.function.Consumer)} (Javalin style):
 * <pre>{@code
 * SessionStore store = CaffeineSessionStore.create(config -> {
 *     config.limits = new SessionLimits(500, 32 * 1024, 128L * 1024 * 1024);
 *     config.localIdleTimeout = Duration.ofMinutes(30);
 * });
 * }</pre>
 * Plain public fields; read once, when the store is created (later changes have no effect). Not thread-safe.
 */
public final class CaffeineStoreConfig {
    /**
     * The clock every expiry is measured with; it also drives Caffeine's ticker (nanoseconds from
     * {@link Clock#instant()}), so a test clock moves expiry exactly. Not null. Default: {@link Clock#systemUTC()}.
     */
    public Clock clock = Clock.systemUTC();

    /** Parameters per session, size of one value, total bytes. Not null. Default: {@link SessionLimits#DEFAULTS}. */
    public SessionLimits limits = SessionLimits.DEFAULTS;

    /**
     * What sessions started without a signed-in user may take ({@link HostSessionStore#startAnonymous}). Not null.
     * Default: {@link AnonymousLimits#DEFAULTS}.
     */
    public AnonymousLimits anonymous = AnonymousLimits.DEFAULTS;

    /**
     * For the {@link HostSessionStore} built by {@link HostSessionStore#embedded}: a safety net, not part of the store
     * contract (LOCAL sessions do not expire by contract): a LOCAL session neither read nor written for this long is
     * removed, so the session of an execution that crashed before ending it cannot leak (with a warning in the log).
     * From that instant every operation treats it as absent; its memory and bytes are released by the next operation
     * on it or by the sweep of {@link HostSessionStore#cleanUp()}. Must be longer than any execution runs. Positive.
     * Default: 1 hour.
     */
    public Duration localIdleTimeout = Duration.ofHours(1);

    /**
     * Whether expired sessions and expired DELETE_DATA data are removed promptly in the background (Caffeine's
     * {@code Scheduler.systemScheduler()} plus a sweep every second), releasing their bytes. When false, removal
     * happens during later store operations and on {@link CaffeineSessionStore#cleanUp()}, which makes tests
     * deterministic. Expiry itself is exact either way. Default: true.
     */
    public boolean promptExpiry = true;

    /**
     * Whether and where the sessions are kept on disk so they survive a restart and a crash
     * ({@link SessionPersistence}).
     * Not null. Default: mode {@link PersistenceMode#NONE} (the host sets {@code everysec} and its data directory).
     */
    public PersistenceConfig persistence = new PersistenceConfig();

    /**
     * Whether {@link CaffeineSessionStore#create} returns at once and reads the sessions kept on disk on a thread of
     * its own (the host's choice: its HTTP server starts meanwhile). Until they are read, every call waits for them,
     * {@link CaffeineSessionStore#status()} is down saying so, and {@link CaffeineSessionStore#awaitOpen()} waits and
     * throws the failure if they could not be read (calls then answer {@code SESSION_STORE_NOT_OPEN}). When false, the
     * files are read before {@code create} returns and a failure is {@code create}'s. Default: false.
     */
    public boolean readFilesInBackground = false;

    /** @throws IllegalArgumentException when a setting is null or {@code localIdleTimeout} is not positive */
    void validate() {
        if (persistence == null) throw new IllegalArgumentException("CaffeineStoreConfig: persistence must be set");
        persistence.validate();
        if (clock == null || limits == null || localIdleTimeout == null || anonymous == null) {
            throw new IllegalArgumentException("CaffeineStoreConfig: clock, limits, anonymous and localIdleTimeout "
                    + "must be set");
        }
        if (localIdleTimeout.isNegative() || localIdleTimeout.isZero()) {
            throw new IllegalArgumentException("CaffeineStoreConfig: localIdleTimeout must be positive, was "
                    + localIdleTimeout);
        }
    }
}

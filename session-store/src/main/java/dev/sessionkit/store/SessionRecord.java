package dev.sessionkit.store;

import static dev.sessionkit.store.EpochNanos.NEVER;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionkit.api.session.PutOptions;
import dev.sessionkit.api.session.ReadResult;
import dev.sessionkit.api.session.Scope;
import dev.sessionkit.api.session.SessionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of one session: its parameters, version and expiry state. Immutable; the store replaces it inside
 * Caffeine's per-key {@code compute}, so every change of a session is atomic and readers never lock.
 *
 * <p>Times are epoch nanoseconds of the store's clock. The current period ends at
 * {@code min(lastRenewal + idle, ttlDeadline)} ({@link #deadline()}). Where that deadline is enforced:
 * <ul>
 *   <li>END_SESSION (and GLOBAL): by Caffeine's variable expiry, which this record feeds through
 *       {@link SessionExpiry}. Reads that renew move Caffeine's expiry only (lock-free), so for these sessions
 *       {@code lastRenewal} is the last <em>write-time</em> renewal and the live deadline is Caffeine's.</li>
 *   <li>DELETE_DATA: by this record. The Caffeine entry never expires; {@link #settle} drops the data once the
 *       deadline has passed, and the period stops ({@code lastRenewal} = NEVER) until the next write or touch.</li>
 *   <li>LOCAL: never (the deadline is NEVER); {@link LocalSessions} holds these records and their safety net.</li>
 * </ul>
 * An anonymous session also ends at {@link #endOfLife()} (its start plus {@link AnonymousLimits#maxLifetime()}), by
 * Caffeine's expiry, under DELETE_DATA too; touches never move it.
 */
final class SessionRecord {
    private final ExpiryPolicy policy;
    private final long createdAt;
    private final long lastRenewal;
    private final long ttlDeadline;
    /** Whether the change that made this record renewed the session, so Caffeine restarts its expiry from it. */
    private final boolean renewed;
    private final Parameters data;
    private final long version;

    private SessionRecord(ExpiryPolicy policy, long createdAt, long lastRenewal, long ttlDeadline, boolean renewed,
                          Parameters data, long version) {
        this.policy = policy;
        this.createdAt = createdAt;
        this.lastRenewal = lastRenewal;
        this.ttlDeadline = ttlDeadline;
        this.renewed = renewed;
        this.data = data;
        this.version = version;
    }

    /**
     * @param policy how it expires
     * @param data   its first parameters
     * @param now    the creation instant, which starts the first period
     * @return a new session at version 0
     */
    static SessionRecord create(ExpiryPolicy policy, Parameters data, long now) {
        return new SessionRecord(policy, now, now, EpochNanos.plus(now, policy.ttlNanos()), true, data, 0);
    }

    /**
     * A record as {@link JournalFormat} read it back: marked renewed, so the cache's expiry starts from its deadline.
     *
     * @param policy      how it expires
     * @param createdAt   when it started
     * @param lastRenewal when its current period started, or NEVER
     * @param ttlDeadline when its TTL ends, or NEVER
     * @param data        its parameters
     * @param version     its version
     * @return the record
     */
    static SessionRecord restored(ExpiryPolicy policy, long createdAt, long lastRenewal, long ttlDeadline,
                                  Parameters data, long version) {
        return new SessionRecord(policy, createdAt, lastRenewal, ttlDeadline, true, data, version);
    }

    /**
     * @param policy      the policy to hold from now on (a shared instance equal to this one's)
     * @param lastRenewal when the current period started, at least this record's
     * @return this record with those, marked renewed
     */
    SessionRecord renewedAt(ExpiryPolicy policy, long lastRenewal) {
        return new SessionRecord(policy, createdAt, lastRenewal, ttlDeadline, true, data, version);
    }

    ExpiryPolicy policy() {
        return policy;
    }

    long createdAt() {
        return createdAt;
    }

    long lastRenewal() {
        return lastRenewal;
    }

    long ttlDeadline() {
        return ttlDeadline;
    }

    Parameters data() {
        return data;
    }

    long version() {
        return version;
    }

    /** @return the bytes this record holds, as counted against the store's total */
    long bytes() {
        return data.bytes();
    }

    /** @return when the current period ends as far as this record knows, or NEVER */
    long deadline() {
        return Math.min(EpochNanos.plus(lastRenewal, policy.idleNanos()), ttlDeadline);
    }

    /** @return when the session ends whatever happens (an anonymous session's maximum lifetime), or NEVER */
    long endOfLife() {
        return EpochNanos.plus(createdAt, policy.lifetimeNanos());
    }

    /**
     * @param now the current time
     * @return this record as of {@code now}: under DELETE_DATA, once the deadline has passed, without data (version
     *         + 1 if there was any) and with no period running; otherwise this record
     */
    SessionRecord settle(long now) {
        if (!policy.deleteData() || deadline() > now) return this;
        return new SessionRecord(policy, createdAt, NEVER, NEVER, false, Parameters.EMPTY,
                data.isEmpty() ? version : version + 1);
    }

    /**
     * A write (put, delete, clear) on a settled record. It renews the session when the policy extends on writes, and
     * starts a new period when none runs (DELETE_DATA after its data expired).
     *
     * @param newData the data after the write (the same instance when nothing changed: no version bump)
     * @param newPolicy the policy from now on (GLOBAL sessions take the app's current idle timeout)
     * @param now the current time
     * @return the record after the write
     */
    SessionRecord written(Parameters newData, ExpiryPolicy newPolicy, long now) {
        long newVersion = newData == data ? version : version + 1;
        if (lastRenewal == NEVER) {
            return new SessionRecord(newPolicy, createdAt, now, EpochNanos.plus(now, newPolicy.ttlNanos()), true,
                    newData, newVersion);
        }
        boolean renew = newPolicy.extendOnSet();
        return new SessionRecord(newPolicy, createdAt, renew ? now : lastRenewal, ttlDeadline, renew, newData,
                newVersion);
    }

    /**
     * A put on a settled record: checks {@code expectedVersion}, stores the values and renews as {@link #written} does.
     *
     * @param write         the values
     * @param options       set-if-absent, compare-and-set, secret marks
     * @param maxParameters the most parameters a session may hold
     * @param newPolicy     the policy from now on
     * @param now           the current time
     * @param kept          cleared, then receives the names kept because of set-if-absent
     * @return the record after the put
     * @throws dev.sessionkit.api.error.ConflictException             {@code VERSION_CONFLICT}
     * @throws dev.sessionkit.api.error.InsufficientStorageException {@code SESSION_FULL}
     */
    SessionRecord put(PreparedWrite write, PutOptions options, int maxParameters, ExpiryPolicy newPolicy, long now,
                      List<String> kept) {
        kept.clear();
        Long expected = options.expectedVersion();
        if (expected != null && expected.longValue() != version) throw StoreErrors.versionConflict(expected, version);
        Parameters newData = data.put(write, options.onlyIfAbsent(), options.secretNames(), maxParameters, kept);
        return written(newData, newPolicy, now);
    }

    /**
     * An update on a settled record: checks {@code expectedVersion}, applies the updates, stores the values they
     * changed (secret marks kept) and renews as {@link #written} does.
     *
     * @param update          the updates
     * @param expectedVersion the version the session must be at, or null
     * @param maxParameters   the most parameters a session may hold
     * @param maxValueBytes   the largest value allowed, as JSON
     * @param newPolicy       the policy from now on
     * @param now             the current time
     * @param values          cleared, then receives the values of the names updated, after the update
     * @return the record after the update
     * @throws dev.sessionkit.api.error.ConflictException             {@code VERSION_CONFLICT}
     * @throws dev.sessionkit.api.error.InvalidInputException         {@code WRONG_PARAMETER_TYPE},
     *                                                                {@code INTEGER_OVERFLOW}, {@code NUMBER_TOO_LONG}
     * @throws dev.sessionkit.api.error.PayloadTooLargeException      {@code VALUE_TOO_LARGE}
     * @throws dev.sessionkit.api.error.InsufficientStorageException {@code SESSION_FULL}
     */
    SessionRecord updated(PreparedUpdate update, Long expectedVersion, int maxParameters, long maxValueBytes,
                          ExpiryPolicy newPolicy, long now, Map<String, JsonNode> values) {
        if (expectedVersion != null && expectedVersion.longValue() != version) {
            throw StoreErrors.versionConflict(expectedVersion, version);
        }
        Map<String, JsonNode> writes = update.applyTo(data, values);
        if (writes.isEmpty()) return written(data, newPolicy, now);
        PreparedWrite write = PreparedWrite.computed(writes, maxValueBytes);
        return written(data.put(write, false, data.secretNames(), maxParameters, new ArrayList<>(0)), newPolicy, now);
    }

    /**
     * @param names the names to read, or null for all
     * @return the values found, those of them marked secret, and the version
     */
    ReadResult read(Collection<String> names) {
        Map<String, JsonNode> values = data.read(names);
        Set<String> marked = data.secretNames();
        if (marked.isEmpty() || values.isEmpty()) return new ReadResult(values, Set.of(), version);
        Set<String> secret = new HashSet<>();
        for (String name : values.keySet()) {
            if (marked.contains(name)) secret.add(name);
        }
        return new ReadResult(values, Set.copyOf(secret), version);
    }

    /** @param newPolicy the policy from now on @param now the current time @return the record after a touch: idle
     *  timer and TTL both restart */
    SessionRecord touched(ExpiryPolicy newPolicy, long now) {
        return new SessionRecord(newPolicy, createdAt, now, EpochNanos.plus(now, newPolicy.ttlNanos()), true, data,
                version);
    }

    /**
     * @param now the current time
     * @return whether a read now must renew this record itself: DELETE_DATA sessions that extend on reads while their
     *         period runs (other sessions renew on reads through Caffeine's expiry)
     */
    boolean renewsOnRead(long now) {
        return policy.deleteData() && policy.extendOnGet() && lastRenewal != NEVER && deadline() > now;
    }

    /** @param now the current time @return the record after a renewing read (see {@link #renewsOnRead}) */
    SessionRecord read(long now) {
        return new SessionRecord(policy, createdAt, now, ttlDeadline, true, data, version);
    }

    /** @param now Caffeine's current time @return how long the new entry lives in the cache */
    long lifetimeAfterCreate(long now) {
        long deadline = policy.deleteData() ? endOfLife() : Math.min(deadline(), endOfLife());
        return deadline == NEVER ? Long.MAX_VALUE : deadline - now;
    }

    /** @param now Caffeine's current time @param current its remaining lifetime @return the lifetime after a change */
    long lifetimeAfterUpdate(long now, long current) {
        return renewed ? lifetimeAfterCreate(now) : current;
    }

    /** @param now Caffeine's current time @param current its remaining lifetime @return the lifetime after a read */
    long lifetimeAfterRead(long now, long current) {
        if (policy.deleteData() || !policy.extendOnGet()) return current;
        long deadline = Math.min(Math.min(EpochNanos.plus(now, policy.idleNanos()), ttlDeadline), endOfLife());
        return deadline == NEVER ? Long.MAX_VALUE : deadline - now;
    }

    /**
     * @param key the session's key
     * @return the session's scope: its key's kind, and for a TOKEN key whether the session has a name (SHARED)
     */
    Scope scope(SessionKey key) {
        return switch (key.kind()) {
            case LOCAL -> Scope.LOCAL;
            case GLOBAL -> Scope.GLOBAL;
            case TOKEN -> policy.spec().name() == null ? Scope.TOKEN : Scope.SHARED;
        };
    }

    /**
     * @param key       the session's key
     * @param token     the token to show (start and openShared only), else null
     * @param now       the instant of the view
     * @param expiresAt when the cache will expire it (END_SESSION sessions), ignored otherwise
     * @return the public view of this (settled) record
     */
    SessionInfo toInfo(SessionKey key, String token, long now, long expiresAt) {
        String name = policy.spec().name();
        Scope scope = scope(key);
        long end = Math.min(!policy.reportsExpiry() ? NEVER : policy.deleteData() ? deadline() : expiresAt,
                endOfLife());
        Instant endAt = end == NEVER ? null : EpochNanos.toInstant(end);
        Duration remaining = end == NEVER ? null : Duration.ofNanos(Math.max(0, end - now));
        return new SessionInfo(key.publicId(), key.appId(), scope, name, token,
                key.kind() == SessionKey.Kind.GLOBAL ? key.id() : null, data.size(), data.bytes(), version,
                EpochNanos.toInstant(createdAt), endAt, remaining, policy.spec(), data.secretNames());
    }
}

package dev.sessionkit.api.session;

/**
 * Limits that protect the host. A write over a limit is refused; nothing already stored is evicted to make room.
 *
 * @param maxParametersPerSession parameters one session may hold (default 1,000); over it: 507 {@code SESSION_FULL}
 * @param maxValueBytes           size of one value as JSON (default 64 KiB); over it: 413 {@code VALUE_TOO_LARGE}
 * @param maxTotalBytes           bytes of values (names and values as JSON) the whole store may hold (default
 *                                256 MiB); over it: 507 {@code STORE_FULL}
 * @param maxSessions             live sessions the whole store may hold (default 1,000,000); starting a TOKEN or
 *                                SHARED session over it: 507 {@code TOO_MANY_SESSIONS}. It protects the host from
 *                                callers that start sessions and never use or end them (an empty session holds no
 *                                bytes of values but does take memory). Counted approximately: a store may exceed it
 *                                by the few sessions started concurrently at the moment it is reached.
 */
public record SessionLimits(int maxParametersPerSession, long maxValueBytes, long maxTotalBytes, long maxSessions) {
    /**
     * The longest name of a parameter a session holds, in characters: 1,000, the length of the longest field path
     * Session Management stores a field under. Fixed, not a setting: a name is an identifier a flow or a client
     * writes, never data. Over it, a write is refused with 400 ({@code NAME_TOO_LONG} from the Session methods,
     * {@code PATH_TOO_LONG} for a Session Management path, {@code INVALID_PARAMETER_NAME} from the store).
     */
    public static final int MAX_NAME_LENGTH = 1_000;

    /** The default of {@link #maxSessions()}: one million. */
    public static final long DEFAULT_MAX_SESSIONS = 1_000_000;

    /** Checks that every limit is positive. */
    public SessionLimits {
        if (maxParametersPerSession <= 0 || maxValueBytes <= 0 || maxTotalBytes <= 0 || maxSessions <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * Limits with the default {@link #maxSessions()}.
     *
     * @param maxParametersPerSession parameters one session may hold
     * @param maxValueBytes           size of one value as JSON
     * @param maxTotalBytes           bytes of values the whole store may hold
     */
    public SessionLimits(int maxParametersPerSession, long maxValueBytes, long maxTotalBytes) {
        this(maxParametersPerSession, maxValueBytes, maxTotalBytes, DEFAULT_MAX_SESSIONS);
    }

    /** 1,000 parameters, 64 KiB per value, 256 MiB in all, a million sessions. */
    public static final SessionLimits DEFAULTS = new SessionLimits(1_000, 64 * 1024, 256L * 1024 * 1024,
            DEFAULT_MAX_SESSIONS);
}

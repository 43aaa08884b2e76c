package dev.sessionkit.api.session;

/**
 * Limits that protect the host. A write over a limit is refused; nothing already stored is evicted to make room.
 *
 * @param maxParametersPerSession parameters one session may hold (default 1,000); over it: 507 {@code SESSION_FULL}
 * @param maxValueBytes           size of one value as JSON (default 64 KiB); over it: 413 {@code VALUE_TOO_LARGE}
 * @param maxTotalBytes           bytes of values (names and values as JSON) the whole store may hold (default
 *                                256 MiB); over it: 507 {@code STORE_FULL}
 */
public record SessionLimits(int maxParametersPerSession, long maxValueBytes, long maxTotalBytes) {
    /** Checks that every limit is positive. */
    public SessionLimits {
        if (maxParametersPerSession <= 0 || maxValueBytes <= 0 || maxTotalBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 1,000 parameters, 64 KiB per value, 256 MiB in all. */
    public static final SessionLimits DEFAULTS = new SessionLimits(1_000, 64 * 1024, 256L * 1024 * 1024);
}

package dev.sessionkit.api.error;

import java.util.Map;

/**
 * The request conflicts with the current state: a stale version (compare-and-set), a name already taken.
 *
 * <p>The host answers it with HTTP 409.
 */
public class ConflictException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public ConflictException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public ConflictException(String code, String message) {
        super(code, message, null);
    }

    /**
     * A session's compare-and-set refused: the one wording of {@code VERSION_CONFLICT}, for the store and for a
     * plugin that checks a version itself (a write that turned out to change nothing).
     *
     * @param expected the version the caller expected
     * @param actual   the session's version
     * @return {@code VERSION_CONFLICT} with details {@code expected} and {@code actual}
     */
    public static ConflictException versionConflict(long expected, long actual) {
        return new ConflictException("VERSION_CONFLICT", "The session changed since it was read: expected version "
                + expected + " but it is at version " + actual + ". Read it again and retry with the current version.",
                Map.of("expected", expected, "actual", actual));
    }
}

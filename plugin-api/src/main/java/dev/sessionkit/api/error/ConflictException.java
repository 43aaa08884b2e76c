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
}

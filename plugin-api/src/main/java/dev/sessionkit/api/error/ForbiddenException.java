package dev.sessionkit.api.error;

import java.util.Map;

/**
 * The signed-in user's role may not do this.
 *
 * <p>The host answers it with HTTP 403.
 */
public class ForbiddenException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public ForbiddenException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public ForbiddenException(String code, String message) {
        super(code, message, null);
    }
}

package dev.sessionkit.api.error;

import java.util.Map;

/**
 * The addressed thing (app, method, plugin, user, TOKEN or SHARED session) does not exist or has expired.
 *
 * <p>The host answers it with HTTP 404.
 */
public class NotFoundException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public NotFoundException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public NotFoundException(String code, String message) {
        super(code, message, null);
    }
}

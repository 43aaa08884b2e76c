package dev.sessionkit.api.error;

import java.util.Map;

/**
 * The request needs a signed-in user (a valid, unrevoked JWT) and has none.
 *
 * <p>The host answers it with HTTP 401.
 */
public class UnauthorizedException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public UnauthorizedException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public UnauthorizedException(String code, String message) {
        super(code, message, null);
    }
}

package dev.sessionkit.api.error;

import java.util.Map;

/**
 * A method failed for a reason that is not the caller's fault (a bug, an unavailable backend).
 *
 * <p>The host answers it with HTTP 500 and logs the cause; the cause's own message is not sent to callers.
 */
public class MethodFailedException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what failed, in words safe to show a caller
     * @param details facts about the failure, may be null
     * @param cause   the underlying cause, may be null
     */
    public MethodFailedException(String code, String message, Map<String, ?> details, Throwable cause) {
        super(code, message, details, cause);
    }
}

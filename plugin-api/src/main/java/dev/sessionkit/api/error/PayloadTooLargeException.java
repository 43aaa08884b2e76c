package dev.sessionkit.api.error;

import java.util.Map;

/**
 * One value or request body is larger than the configured limit. Nothing was stored.
 *
 * <p>The host answers it with HTTP 413.
 */
public class PayloadTooLargeException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public PayloadTooLargeException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public PayloadTooLargeException(String code, String message) {
        super(code, message, null);
    }
}

package dev.sessionkit.api.error;

import java.util.Map;

/**
 * The caller sent something that breaks a contract: a value of the wrong type, a missing required input, an unknown option.
 *
 * <p>The host answers it with HTTP 400.
 */
public class InvalidInputException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public InvalidInputException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public InvalidInputException(String code, String message) {
        super(code, message, null);
    }
}

package dev.sessionkit.api.error;

import java.util.Map;

/**
 * A session or the whole store is full. Nothing was stored and nothing already stored was evicted.
 *
 * <p>The host answers it with HTTP 507.
 */
public class InsufficientStorageException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public InsufficientStorageException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     */
    public InsufficientStorageException(String code, String message) {
        super(code, message, null);
    }
}

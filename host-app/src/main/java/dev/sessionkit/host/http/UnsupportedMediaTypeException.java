package dev.sessionkit.host.http;

import dev.sessionkit.api.error.SessionkitException;
import java.util.Map;

/**
 * A request body of a type the route does not read: the host answers it with HTTP 415 ({@link ErrorMapper}). Only the
 * host raises it ({@link JsonContentType}); plugins never see request bodies.
 */
public final class UnsupportedMediaTypeException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public UnsupportedMediaTypeException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }
}

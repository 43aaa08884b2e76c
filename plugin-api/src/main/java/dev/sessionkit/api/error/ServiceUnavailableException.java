package dev.sessionkit.api.error;

import java.util.Map;

/**
 * A service the product depends on cannot be reached right now (for example the Redis server that holds the sessions
 * of several hosts). Nothing was changed; the same request may succeed once the service is back, which the host
 * notices by itself.
 *
 * <p>The host answers it with HTTP 503 and a {@code Retry-After} header, and logs it as a warning.
 */
public class ServiceUnavailableException extends SessionkitException {
    /**
     * @param code    stable machine-readable code, for example {@code SESSION_STORE_UNAVAILABLE}
     * @param message what is unavailable and what the operator can check
     * @param details facts about the failure, may be null
     * @param cause   the underlying failure, may be null (logged, never sent)
     */
    public ServiceUnavailableException(String code, String message, Map<String, ?> details, Throwable cause) {
        super(code, message, details, cause);
    }
}

package dev.sessionkit.api.error;

import java.util.Map;

/**
 * Work took longer than it was allowed to: a flow execution over its timeout, or a backend that did not answer in
 * time.
 *
 * <p>The host answers it with HTTP 504.
 */
public class GatewayTimeoutException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what took too long and how to fix it
     * @param details facts about the failure (the limit), may be null
     */
    public GatewayTimeoutException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }
}

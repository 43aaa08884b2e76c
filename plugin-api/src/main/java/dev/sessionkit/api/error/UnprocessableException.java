package dev.sessionkit.api.error;

import java.util.Map;

/**
 * The request was well formed and allowed, but what it refers to cannot be accepted as it is: a plugin download whose
 * checksum is missing or does not match, an archive with unsafe entry paths, a jar that is not the plugin it claims to
 * be, a plugin whose start fails. Nothing was changed; the caller fixes the artifact (or picks another), not the
 * request.
 *
 * <p>The host answers it with HTTP 422.
 */
public class UnprocessableException extends SessionkitException {
    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     */
    public UnprocessableException(String code, String message, Map<String, ?> details) {
        super(code, message, details);
    }

    /**
     * @param code    stable machine-readable code
     * @param message what was wrong and how to fix it
     * @param details facts about the failure, may be null
     * @param cause   the underlying cause, may be null (logged by the host, never sent)
     */
    public UnprocessableException(String code, String message, Map<String, ?> details, Throwable cause) {
        super(code, message, details, cause);
    }
}

package dev.sessionkit.api.error;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The caller went over a rate limit (for example the host's quota on sessions that callers without a signed-in user
 * start per minute). Nothing was done; the same request may succeed after {@link #retryAfter()}.
 *
 * <p>The host answers it with HTTP 429 and a {@code Retry-After} header holding {@link #retryAfter()} in whole seconds
 * (at least 1).
 */
public class TooManyRequestsException extends SessionkitException {
    private final Duration retryAfter;

    /**
     * @param code       stable machine-readable code, for example {@code ANONYMOUS_QUOTA_EXCEEDED}
     * @param message    which limit was reached and how to get past it
     * @param details    facts about the failure, may be null
     * @param retryAfter how long until the same request may succeed, positive
     */
    public TooManyRequestsException(String code, String message, Map<String, ?> details, Duration retryAfter) {
        super(code, message, details);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return how long until the same request may succeed */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return {@link #retryAfter()} in whole seconds, rounded up, at least 1: the {@code Retry-After} value */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}

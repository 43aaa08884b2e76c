package dev.sessionkit.api.error;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The caller went over a rate limit (for example failed sign-ins, or the quota on sessions that callers without a
 * signed-in user start per minute) and must wait before the next request of that kind. Nothing was done: the refused
 * request spent no work beyond counting it.
 *
 * <p>The host answers it with HTTP 429 and a {@code Retry-After} header giving {@link #retryAfter()} in whole seconds
 * (rounded up, at least 1).
 */
public class TooManyRequestsException extends SessionkitException {
    private final Duration retryAfter;

    /**
     * @param code       stable machine-readable code, for example {@code TOO_MANY_SIGN_IN_ATTEMPTS} or
     *                   {@code ANONYMOUS_QUOTA_EXCEEDED}
     * @param message    which limit was reached and when or how to get past it
     * @param details    facts about the refusal, may be null
     * @param retryAfter how long until the same request may succeed, positive
     */
    public TooManyRequestsException(String code, String message, Map<String, ?> details, Duration retryAfter) {
        super(code, message, details);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return how long until the same request may succeed; never null */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return {@link #retryAfter()} in whole seconds, rounded up, at least 1 (the {@code Retry-After} value) */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.plusNanos(999_999_999L).toSeconds());
    }
}

package dev.sessionkit.api.error;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The caller made too many requests of one kind (for example failed sign-ins) and must wait before the next one.
 * Nothing was done: the refused request spent no work beyond counting it.
 *
 * <p>The host answers it with HTTP 429 and a {@code Retry-After} header giving {@link #retryAfter()} in whole seconds
 * (rounded up, at least 1).
 */
public class TooManyRequestsException extends SessionkitException {
    private final Duration retryAfter;

    /**
     * @param code       stable machine-readable code, for example {@code TOO_MANY_SIGN_IN_ATTEMPTS}
     * @param message    what was refused and when to try again
     * @param details    facts about the refusal, may be null
     * @param retryAfter how long to wait before the same request can succeed, positive
     */
    public TooManyRequestsException(String code, String message, Map<String, ?> details, Duration retryAfter) {
        super(code, message, details);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return how long to wait before the same request can succeed; never null */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return {@link #retryAfter()} in whole seconds, rounded up, at least 1 (the {@code Retry-After} value) */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.plusNanos(999_999_999L).toSeconds());
    }
}

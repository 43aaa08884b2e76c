package dev.sessionkit.api.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure with a product meaning. The host maps each subclass to one HTTP status, once, and answers
 * {@code {"error": {"code", "message", "details"}}}.
 *
 * <p>{@link #code()} is a stable, machine-readable identifier such as {@code INVALID_INPUT}; {@link #getMessage()}
 * says in plain words what was wrong and how to fix it; {@link #details()} carries the facts a client needs (the
 * parameter, the expected type, the value received...). Details hold plain JDK values only (strings, numbers,
 * booleans, lists and maps of those) so nothing of a plugin's classes outlives the plugin.
 *
 * <p>Instances are immutable and safe to share between threads. Messages and details must never contain secrets,
 * passwords or tokens: they are logged and returned to callers.
 */
public abstract class SessionkitException extends RuntimeException {
    private final String code;
    private final Map<String, Object> details;

    /**
     * @param code    stable machine-readable code, not null
     * @param message human-readable explanation with the fix, not null
     * @param details facts about the failure (copied; null means none)
     */
    protected SessionkitException(String code, String message, Map<String, ?> details) {
        this(code, message, details, null);
    }

    /**
     * @param code    stable machine-readable code, not null
     * @param message human-readable explanation with the fix, not null
     * @param details facts about the failure (copied; null means none)
     * @param cause   the underlying cause, may be null
     */
    protected SessionkitException(String code, String message, Map<String, ?> details, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The stable machine-readable code, for example {@code INVALID_INPUT}. Never null. */
    public String code() {
        return code;
    }

    /** Facts about the failure; an unmodifiable map, empty when there are none. Never null. */
    public Map<String, Object> details() {
        return details;
    }
}

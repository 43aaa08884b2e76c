package dev.sessionkit.session.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads inputs that the host has already validated against the method's descriptor (defaults applied, values coerced
 * to their declared types). Checks that a descriptor cannot express (non-blank text, positive integers, known enum
 * constants when a method is invoked without validation) fail with a 400 naming the input.
 *
 * <p>Stateless and thread-safe; the inputs are never modified.
 */
public final class InputValues {
    private InputValues() {
    }

    /**
     * Optional text.
     *
     * @param inputs the validated inputs
     * @param id     the input id
     * @return the text, or null when absent, JSON null or blank
     */
    public static String text(ObjectNode inputs, String id) {
        JsonNode value = inputs.get(id);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /**
     * Required non-blank text.
     *
     * @param inputs the validated inputs
     * @param id     the input id
     * @param fix    how to fix a missing value, appended to the message
     * @return the text
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} (violation {@code REQUIRED})
     *                                                        when absent or blank
     */
    public static String requiredText(ObjectNode inputs, String id, String fix) {
        String text = text(inputs, id);
        if (text == null) {
            throw InputErrors.invalid(id, "REQUIRED", "'" + id + "' is required and must not be blank. " + fix);
        }
        return text;
    }

    /**
     * A boolean option.
     *
     * @param inputs       the validated inputs
     * @param id           the input id
     * @param defaultValue the value when absent
     * @return the value
     */
    public static boolean flag(ObjectNode inputs, String id, boolean defaultValue) {
        JsonNode value = inputs.get(id);
        return value == null || value.isNull() ? defaultValue : value.asBoolean();
    }

    /**
     * An optional whole number within bounds.
     *
     * @param inputs the validated inputs
     * @param id     the input id
     * @param min    the smallest accepted value
     * @param max    the largest accepted value
     * @return the value, or null when absent
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} (violation
     *                                                        {@code OUT_OF_RANGE}) outside the bounds
     */
    public static Long integer(ObjectNode inputs, String id, long min, long max) {
        JsonNode value = inputs.get(id);
        if (value == null || value.isNull()) {
            return null;
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw InputErrors.invalid(id, "OUT_OF_RANGE", "'" + id + "' must be between " + min + " and " + max
                    + " but was " + number + ".");
        }
        return number;
    }

    /**
     * An enum constant named by a STRING input.
     *
     * @param inputs       the validated inputs
     * @param id           the input id
     * @param type         the enum
     * @param defaultValue the constant when absent, or null when the input is required
     * @param <E>          the enum type
     * @return the constant
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} when absent without a default
     *                                                        or not a constant name
     */
    public static <E extends Enum<E>> E choice(ObjectNode inputs, String id, Class<E> type, E defaultValue) {
        String text = text(inputs, id);
        if (text == null && defaultValue != null) {
            return defaultValue;
        }
        if (text != null) {
            try {
                return Enum.valueOf(type, text); // a lookup in the enum's own map: no copy of its constants
            } catch (IllegalArgumentException notAConstant) {
                // reported below, with the allowed names
            }
        }
        String allowed = String.join(", ", Inputs.names(type));
        throw InputErrors.invalid(id, text == null ? "REQUIRED" : "NOT_ALLOWED",
                "'" + id + "' must be one of " + allowed + (text == null ? "." : " but was '" + text + "'."));
    }
}

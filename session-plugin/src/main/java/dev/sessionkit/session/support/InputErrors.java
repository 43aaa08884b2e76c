package dev.sessionkit.session.support;

import dev.sessionkit.api.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the 400 errors the Session methods raise after the host's own input validation (a missing session name, a
 * repeated parameter name...), in the same shape as the host's {@code InputValidator}: code {@code INVALID_INPUT},
 * {@code details.violations} holding one {@code {"field", "code", "message"}}, so a form shows the message beside
 * the field it names.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputErrors {
    private InputErrors() {
    }

    /**
     * One violation.
     *
     * @param field   the input path, such as {@code parameters[1].name}
     * @param code    the violation code, such as {@code DUPLICATE_NAME}
     * @param message what is wrong and how to fix it
     * @return the exception to throw
     */
    public static InvalidInputException invalid(String field, String code, String message) {
        Map<String, Object> violation = new LinkedHashMap<>();
        violation.put("field", field);
        violation.put("code", code);
        violation.put("message", message);
        return new InvalidInputException("INVALID_INPUT", message, Map.of("violations", List.of(violation)));
    }
}

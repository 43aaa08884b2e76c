package dev.sessionkit.session.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.session.SessionLimits;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Reads the list of names a call addresses: the {@code name} of each row of {@code parameters}, or the strings of
 * {@code names} / {@code fields}. Every Session method applies the same rules: the list is not empty, each name is a
 * non-blank string of at most {@link SessionLimits#MAX_NAME_LENGTH} characters, and no name appears twice in one
 * call (a repeated name would make the call ambiguous: which value, which type?). A broken rule is a 400 naming the
 * exact field.
 *
 * <p>Stateless and thread-safe; the inputs are never modified.
 */
public final class ParameterNames {
    private static final int LINEAR_SEARCH_UP_TO = 16;

    private ParameterNames() {
    }

    /**
     * The names of the rows of an array input, read from each row's {@code name} field.
     *
     * @param inputs the validated inputs
     * @param id     the array input, such as {@code parameters}
     * @return the names, in row order: a fixed-size list over an array of this call's own; callers only read it
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} for an empty list, a blank
     *                                                        name, a name too long or a repeated name
     */
    public static List<String> ofRows(ObjectNode inputs, String id) {
        JsonNode rows = elements(inputs, id);
        String[] names = new String[rows.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = rows.get(i).path("name").asText("");
        }
        return check(id, names, i -> id + "[" + i + "].name", true);
    }

    /**
     * The strings of an array input.
     *
     * @param inputs the validated inputs
     * @param id     the array input, such as {@code names}
     * @return the names, in order: a fixed-size list over an array of this call's own; callers only read it
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} for an empty list, an element
     *                                                        that is not a non-blank string, a name too long, or a
     *                                                        repeated name
     */
    public static List<String> ofStrings(ObjectNode inputs, String id) {
        return strings(inputs, id, true);
    }

    /**
     * The field paths of an array input: as {@link #ofStrings}, without the length check, which the paths' own
     * ({@code PATH_TOO_LONG}, the same limit) makes.
     *
     * @param inputs the validated inputs
     * @param id     the array input, such as {@code fields}
     * @return the paths' texts, in order
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} for an empty list, an element
     *                                                        that is not a non-blank string, or a repeated path
     */
    public static List<String> ofPaths(ObjectNode inputs, String id) {
        return strings(inputs, id, false);
    }

    private static List<String> strings(ObjectNode inputs, String id, boolean checkLength) {
        JsonNode elements = elements(inputs, id);
        String[] names = new String[elements.size()];
        for (int i = 0; i < names.length; i++) {
            JsonNode element = elements.get(i);
            if (!element.isTextual() && !element.isNumber()) {
                throw InputErrors.invalid(id + "[" + i + "]", "NOT_A_NAME", "'" + id + "[" + i
                        + "]' must be a name (a string) but was " + element + ".");
            }
            names[i] = element.asText();
        }
        return check(id, names, i -> id + "[" + i + "]", checkLength);
    }

    /** @return the array input, not empty */
    private static JsonNode elements(ObjectNode inputs, String id) {
        JsonNode array = inputs.get(id);
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw InputErrors.invalid(id, "EMPTY", "'" + id + "' must list at least one name.");
        }
        return array;
    }

    private static List<String> check(String id, String[] names, IntFunction<String> fieldOf, boolean checkLength) {
        // A call names a handful of parameters: comparing with the earlier ones beats hashing until there are many.
        Map<String, Integer> firstIndex = names.length > LINEAR_SEARCH_UP_TO ? new HashMap<>() : null;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.isBlank()) {
                throw InputErrors.invalid(fieldOf.apply(i), "BLANK_NAME",
                        "'" + fieldOf.apply(i) + "' must not be blank: give each entry of '" + id + "' a name.");
            }
            if (checkLength && name.length() > SessionLimits.MAX_NAME_LENGTH) {
                throw InputErrors.invalid(fieldOf.apply(i), "NAME_TOO_LONG", "'" + fieldOf.apply(i) + "' is "
                        + name.length() + " characters long; a name may have at most " + SessionLimits.MAX_NAME_LENGTH
                        + ". Use a shorter name.");
            }
            Integer first = firstIndex != null ? firstIndex.putIfAbsent(name, i) : earlier(names, i);
            if (first != null) {
                throw InputErrors.invalid(fieldOf.apply(i), "DUPLICATE_NAME", "'" + fieldOf.apply(i) + "' repeats '"
                        + name + "', already given at " + fieldOf.apply(first) + ". Each name may appear once per "
                        + "call: remove or rename one of them.");
            }
        }
        return Arrays.asList(names); // fixed-size; the array is not kept anywhere else
    }

    /** @return the index of the first name before {@code i} equal to the one at {@code i}, or null */
    private static Integer earlier(String[] names, int i) {
        String name = names[i];
        for (int j = 0; j < i; j++) {
            if (names[j].equals(name)) return j;
        }
        return null;
    }
}

package dev.sessionkit.session.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.session.SessionLimits;
import dev.sessionkit.session.support.InputErrors;
import java.util.List;
import java.util.Optional;

/**
 * A field of the message named by a dotted path such as {@code customer.address.city}: each segment is a field name
 * of a JSON object. Array elements are not addressable. At most {@value #MAX_SEGMENTS} names and {@value #MAX_LENGTH}
 * characters. Immutable and thread-safe.
 *
 * @param text     the path as written, also the parameter name it is stored under
 * @param segments its field names, at least one, none empty
 */
public record FieldPath(String text, List<String> segments) {
    /** The most names a path may have: GET_DATA creates an object for each, so this bounds how deep it nests. */
    public static final int MAX_SEGMENTS = 32;
    /** The longest path, in characters. */
    public static final int MAX_LENGTH = SessionLimits.MAX_NAME_LENGTH; // a path is the name its value is kept under

    /** Copies the segments. */
    public FieldPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a path.
     *
     * @param text  the dotted path
     * @param field the input that holds it, for errors ({@code fields[2]})
     * @return the path
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} (violation
     *                                                        {@code EMPTY_SEGMENT}) for {@code a..b}, {@code .a} or
     *                                                        {@code a.}; ({@code PATH_TOO_LONG}) for more than
     *                                                        {@value #MAX_SEGMENTS} names or {@value #MAX_LENGTH}
     *                                                        characters
     */
    public static FieldPath parse(String text, String field) {
        if (text.length() > MAX_LENGTH) {
            throw InputErrors.invalid(field, "PATH_TOO_LONG", "'" + field + "' is " + text.length() + " characters "
                    + "long; a field path has at most " + MAX_LENGTH + ".");
        }
        List<String> segments = List.of(text.split("\\.", -1));
        if (segments.size() > MAX_SEGMENTS) {
            throw InputErrors.invalid(field, "PATH_TOO_LONG", "'" + field + "' has " + segments.size() + " names; a "
                    + "field path has at most " + MAX_SEGMENTS + ", such as customer.address.city.");
        }
        if (segments.contains("")) {
            throw InputErrors.invalid(field, "EMPTY_SEGMENT", "'" + field + "' = '" + text + "' is not a field "
                    + "path: write field names separated by single dots, such as customer.address.city.");
        }
        return new FieldPath(text, segments);
    }

    /**
     * The value at this path.
     *
     * @param root the message
     * @return the value (JSON null included), or empty when a segment is missing or crosses a non-object
     */
    public Optional<JsonNode> read(JsonNode root) {
        JsonNode node = root;
        for (String segment : segments) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(segment);
        }
        return Optional.ofNullable(node);
    }

    /**
     * Sets the value at this path, creating missing (or JSON null) intermediate objects and replacing what the last
     * segment held.
     *
     * @param root  the message to change
     * @param value the value
     * @param field the input that holds the path, for errors
     * @throws dev.sessionkit.api.error.InvalidInputException code {@code INVALID_INPUT} (violation
     *                                                        {@code FIELD_PATH_BLOCKED}) when an intermediate field
     *                                                        holds something other than an object, which is then
     *                                                        left as it was
     */
    public void write(ObjectNode root, JsonNode value, String field) {
        ObjectNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            JsonNode child = node.get(segments.get(i));
            if (child == null || child.isNull()) {
                node = node.putObject(segments.get(i));
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                String blocked = String.join(".", segments.subList(0, i + 1));
                throw InputErrors.invalid(field, "FIELD_PATH_BLOCKED", "'" + field + "' = '" + text + "' cannot be "
                        + "written into the message: its field '" + blocked + "' holds " + child.getNodeType()
                        + ", not an object. Rename the stored field or the message field.");
            }
        }
        node.set(segments.get(segments.size() - 1), value);
    }
}

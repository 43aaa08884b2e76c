package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionkit.api.error.InvalidInputException;
import dev.sessionkit.host.json.JsonDepth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field of the message, by name or dotted path ({@code cart}, {@code order.total}): where a step's output or a
 * For Each / Parallel step's results are written. A path has at most {@value #MAX_SEGMENTS} names and
 * {@value #MAX_LENGTH} characters, and a write never makes the message nest deeper than {@link JsonDepth#MAX}
 * levels.
 *
 * @param text     the path as written
 * @param segments its names
 */
public record MessagePath(String text, List<String> segments) {
    /** The most names a path may have. */
    public static final int MAX_SEGMENTS = 32;
    /** The longest path, in characters. */
    public static final int MAX_LENGTH = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$-]+");

    /** Copies the segments. */
    public MessagePath {
        segments = List.copyOf(segments);
    }

    /**
     * @param text a candidate path
     * @return the path, or empty when it is not one (blank, an empty or odd segment, more than
     *         {@value #MAX_SEGMENTS} names or {@value #MAX_LENGTH} characters)
     */
    static Optional<MessagePath> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) return Optional.empty();
        List<String> segments = List.of(text.split("\\.", -1));
        if (segments.size() > MAX_SEGMENTS) return Optional.empty();
        for (String segment : segments) {
            if (!NAME.matcher(segment).matches()) return Optional.empty();
        }
        return Optional.of(new MessagePath(text, segments));
    }

    /**
     * Writes a value at this path, creating intermediate objects and replacing what is there.
     *
     * @param message the message, modified
     * @param value   the value (stored as given: pass a copy when it is shared)
     * @return false, leaving the message unchanged, when a field on the way holds a value that is not an object
     * @throws InvalidInputException code {@code TARGET_TOO_DEEP}, leaving the message unchanged, when the message
     *                               would nest deeper than {@link JsonDepth#MAX} levels
     */
    boolean write(ObjectNode message, JsonNode value) {
        // The message is one level, each name but the last one more; the value brings its own.
        if (JsonDepth.exceeds(value, JsonDepth.MAX - segments.size())) {
            throw new InvalidInputException("TARGET_TOO_DEEP", "Writing to the message at '" + text + "' would "
                    + "nest it deeper than " + JsonDepth.MAX + " levels of objects and arrays. Choose a shorter "
                    + "target, or keep less nested data in the message.",
                    Map.of("target", text, "limit", JsonDepth.MAX));
        }
        ObjectNode current = message;
        for (int i = 0; i < segments.size() - 1; i++) {
            JsonNode next = current.get(segments.get(i));
            if (next == null || next.isNull()) {
                next = current.putObject(segments.get(i));
            } else if (!next.isObject()) {
                return false;
            }
            current = (ObjectNode) next;
        }
        current.set(segments.get(segments.size() - 1), value);
        return true;
    }
}

package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field of the message, by name or dotted path ({@code cart}, {@code order.total}): where a step's output or a
 * For Each / Parallel step's results are written.
 *
 * @param text     the path as written
 * @param segments its names
 */
public record MessagePath(String text, List<String> segments) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$-]+");

    /** Copies the segments. */
    public MessagePath {
        segments = List.copyOf(segments);
    }

    /**
     * @param text a candidate path
     * @return the path, or empty when it is not one (blank, or an empty or odd segment)
     */
    static Optional<MessagePath> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        List<String> segments = List.of(text.split("\\.", -1));
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
     */
    boolean write(ObjectNode message, JsonNode value) {
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

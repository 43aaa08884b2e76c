package dev.sessionkit.session.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON helpers of the Session plugin: the node factory, parsing of the plugin's own JSON texts (descriptor examples),
 * defensive copies, and the JSON forms of instants and durations used in outputs.
 *
 * <p>Stateless and thread-safe. The private {@link ObjectMapper} only ever builds {@link JsonNode} trees, so no
 * Jackson cache outside the plugin holds a plugin class.
 */
public final class Json {
    /** The factory for every node the plugin builds. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Parses JSON text written in the plugin's own source (examples); a syntax error there is a bug of the plugin.
     *
     * @param text JSON text, not null
     * @return the tree
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON in the Session plugin: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A deep copy of values, by name, in the given order. Stored values and the message must never share nodes:
     * the host may modify a message or an output after a method returns, and the store forbids modifying its nodes.
     *
     * @param values values by name, not null
     * @return a new object holding copies
     */
    public static ObjectNode copyOf(Map<String, JsonNode> values) {
        ObjectNode copy = object(values.size());
        values.forEach((name, value) -> copy.set(name, value.deepCopy()));
        return copy;
    }

    /**
     * An empty object sized for {@code fields} fields, so filling it never grows its table (an object from
     * {@link JsonNodeFactory#objectNode()} starts with room for 16).
     *
     * @param fields how many fields it will hold
     * @return a new, empty object
     */
    public static ObjectNode object(int fields) {
        return new ObjectNode(NODES, new LinkedHashMap<>(fields + fields / 3 + 1));
    }

    /**
     * An instant as an ISO-8601 string in UTC ({@code 2026-01-01T00:30:00Z}), a valid DATETIME.
     *
     * @param instant the instant, or null
     * @return its text node, or JSON null for null
     */
    public static JsonNode instant(Instant instant) {
        return instant == null ? NullNode.instance : NODES.textNode(instant.toString());
    }

    /**
     * A duration in whole seconds, rounded up, so a session that is still live never shows 0 seconds left.
     *
     * @param duration the duration, or null
     * @return its number node, or JSON null for null
     */
    public static JsonNode seconds(Duration duration) {
        if (duration == null) {
            return NullNode.instance;
        }
        return integer(Math.max(0, duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0)));
    }

    /**
     * A whole number as the node Jackson itself parses for it (an int node when it fits, else a long node), so
     * outputs compare equal to the same JSON parsed from text.
     *
     * @param value the number
     * @return its number node
     */
    public static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
}

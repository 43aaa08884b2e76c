package dev.sessionkit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Map;

/**
 * What a method returns.
 *
 * @param output  the output value, of the descriptor's output type; never Java null (use JSON null)
 * @param message the message after the method, or null when the method leaves it unchanged
 * @param meta    facts about the call for the caller and the trace (a session version, names kept), plain JDK
 *                values only; never null
 */
public record MethodResult(JsonNode output, JsonNode message, Map<String, Object> meta) {
    /** Normalizes nulls. */
    public MethodResult {
        output = output == null ? NullNode.instance : output;
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** @param output the output @return a result that leaves the message unchanged */
    public static MethodResult of(JsonNode output) {
        return new MethodResult(output, null, Map.of());
    }

    /**
     * @param output the output
     * @param meta   facts about the call
     * @return a result that leaves the message unchanged
     */
    public static MethodResult of(JsonNode output, Map<String, Object> meta) {
        return new MethodResult(output, null, meta);
    }

    /**
     * @param output  the output
     * @param message the new message
     * @return a result that replaces the message
     */
    public static MethodResult withMessage(JsonNode output, JsonNode message) {
        return new MethodResult(output, message, Map.of());
    }
}

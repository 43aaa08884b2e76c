package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Keeps the execution history small: a value (response, step input or output) larger than {@link #LIMIT_CHARS}
 * characters of text and numbers is replaced in the history by a note saying it was left out, so 20 executions of a
 * flow handling 5 MB messages never hold 100 MB. The walk stops as soon as the limit is passed, so small values cost a
 * few steps.
 *
 * <p>Stateless.
 */
final class HistorySize {
    /** The largest value kept whole in the history, about 64 KiB. */
    static final int LIMIT_CHARS = 64 * 1024;
    static final TextNode OMITTED = TextNode.valueOf("(left out of the history: larger than 64 KiB)");

    private HistorySize() {
    }

    /** @param value a JSON value, may be null @return it, or {@link #OMITTED} when it is too large to keep */
    static JsonNode bounded(JsonNode value) {
        return value != null && larger(value) ? OMITTED : value;
    }

    /** Whether the value's text would pass the limit: a walk that stops as soon as it does. */
    private static boolean larger(JsonNode value) {
        return size(value, 0) > LIMIT_CHARS;
    }

    /**
     * @param node  a value
     * @param total the size counted so far
     * @return {@code total} plus the node's size, or a number past the limit as soon as the walk passes it
     */
    private static long size(JsonNode node, long total) {
        if (total > LIMIT_CHARS) return total;
        if (node.isTextual()) return total + node.textValue().length() + 2;
        if (node.isObject()) {
            total += 2;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                total = size(field.getValue(), total + field.getKey().length() + 4);
                if (total > LIMIT_CHARS) return total;
            }
            return total;
        }
        if (node.isArray()) {
            total += 2;
            for (JsonNode element : node) {
                total = size(element, total + 1);
                if (total > LIMIT_CHARS) return total;
            }
            return total;
        }
        return total + scalarChars(node);
    }

    /** The length of a scalar's JSON text; whole numbers counted without making a string. */
    private static int scalarChars(JsonNode node) {
        if (node.isInt() || node.isLong() || node.isShort()) {
            long value = node.longValue();
            int chars = value < 0 ? 2 : 1;
            for (long rest = Math.abs(value / 10); rest > 0; rest /= 10) chars++;
            return chars;
        }
        if (node.isBoolean()) return node.booleanValue() ? 4 : 5;
        if (node.isNull()) return 4;
        return node.asText().length();
    }
}

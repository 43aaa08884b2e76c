package dev.sessionkit.host.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;

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

    /** Numbers of unbounded size are measured; other scalars count as their longest form. */
    private static int scalarChars(JsonNode node) {
        return node.isBigDecimal() || node.isBigInteger() ? node.asText().length() : 24;
    }

    private static boolean larger(JsonNode value) {
        long size = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isContainerNode()) {
                var fields = node.fieldNames();
                while (fields.hasNext()) size += fields.next().length() + 4;
                node.elements().forEachRemaining(pending::push);
                size += 2;
            } else {
                size += node.isTextual() ? node.textValue().length() + 2 : scalarChars(node);
            }
            if (size > LIMIT_CHARS) return true;
        }
        return false;
    }
}
